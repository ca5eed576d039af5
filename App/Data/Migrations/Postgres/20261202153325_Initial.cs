using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: true),
                    flow_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ip_address = table.Column<string>(type: "text", nullable: true),
                    user_agent = table.Column<string>(type: "text", nullable: true),
                    details = table.Column<string>(type: "json", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cache_generations",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cache_generations", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "courier_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    recipient = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    html_body = table.Column<string>(type: "text", nullable: true),
                    template_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    send_count = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    claimed_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_courier_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "identities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    schema_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    traits = table.Column<string>(type: "json", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    metadata_public = table.Column<string>(type: "json", nullable: true),
                    metadata_admin = table.Column<string>(type: "json", nullable: true),
                    external_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    passkey_user_handle = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    locale = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    state_changed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    backup_passkey_declines = table.Column<int>(type: "integer", nullable: false),
                    backup_passkey_declined_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "one_time_codes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    flow_id = table.Column<Guid>(type: "uuid", nullable: false),
                    address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    code_hmac = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    link_hmac = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_one_time_codes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "portal_keys",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_keys", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "rate_limit_hits",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    bucket = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rate_limit_hits", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "self_service_errors",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    error = table.Column<string>(type: "json", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_self_service_errors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "selfservice_flows",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    request_url = table.Column<string>(type: "text", nullable: false),
                    return_to = table.Column<string>(type: "text", nullable: true),
                    issued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    active = table.Column<string>(type: "text", nullable: true),
                    requested_aal = table.Column<string>(type: "text", nullable: false),
                    refresh = table.Column<bool>(type: "boolean", nullable: false),
                    csrf_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    ui = table.Column<string>(type: "json", nullable: false),
                    ceremony_state = table.Column<string>(type: "text", nullable: true),
                    ceremony_nonce = table.Column<Guid>(type: "uuid", nullable: true),
                    ceremony_expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    submit_count = table.Column<int>(type: "integer", nullable: false),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_selfservice_flows", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "session_token_exchanges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    flow_id = table.Column<Guid>(type: "uuid", nullable: false),
                    init_code_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    return_to_code_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: true),
                    session_id = table.Column<Guid>(type: "uuid", nullable: true),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_token_exchanges", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "courier_message_dispatches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "json", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_courier_message_dispatches", x => x.id);
                    table.ForeignKey(
                        name: "fk_courier_message_dispatches_message_id",
                        column: x => x.message_id,
                        principalTable: "courier_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "admin_console_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    issued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ip_address = table.Column<string>(type: "text", nullable: true),
                    user_agent = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_admin_console_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_admin_console_sessions_identity_id",
                        column: x => x.identity_id,
                        principalTable: "identities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_identifiers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    value = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    trait_path = table.Column<string>(type: "text", nullable: false),
                    verified = table.Column<bool>(type: "boolean", nullable: false),
                    verified_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    verification_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    replaces_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identity_identifiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_identity_identifiers_identity_id",
                        column: x => x.identity_id,
                        principalTable: "identities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_lookup_secrets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    set_id = table.Column<Guid>(type: "uuid", nullable: false),
                    flow_id = table.Column<Guid>(type: "uuid", nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false),
                    code_hmac = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    confirmed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    used_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identity_lookup_secrets", x => x.id);
                    table.ForeignKey(
                        name: "fk_identity_lookup_secrets_identity_id",
                        column: x => x.identity_id,
                        principalTable: "identities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_passkeys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    credential_id = table.Column<byte[]>(type: "bytea", maxLength: 1023, nullable: false),
                    public_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    display_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    sign_count = table.Column<long>(type: "bigint", nullable: false),
                    transports = table.Column<string>(type: "text", nullable: true),
                    is_user_verified = table.Column<bool>(type: "boolean", nullable: false),
                    is_backup_eligible = table.Column<bool>(type: "boolean", nullable: false),
                    is_backed_up = table.Column<bool>(type: "boolean", nullable: false),
                    is_discoverable = table.Column<bool>(type: "boolean", nullable: false),
                    aaguid = table.Column<Guid>(type: "uuid", nullable: true),
                    attestation_format = table.Column<string>(type: "text", nullable: true),
                    attestation_object = table.Column<byte[]>(type: "bytea", nullable: false),
                    client_data_json = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_used_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_used_user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identity_passkeys", x => x.id);
                    table.ForeignKey(
                        name: "fk_identity_passkeys_identity_id",
                        column: x => x.identity_id,
                        principalTable: "identities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_passwords",
                columns: table => new
                {
                    identity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hashed_password = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identity_passwords", x => x.identity_id);
                    table.ForeignKey(
                        name: "fk_identity_passwords_identity_id",
                        column: x => x.identity_id,
                        principalTable: "identities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_security_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    credential_id = table.Column<byte[]>(type: "bytea", maxLength: 1023, nullable: false),
                    public_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    display_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    sign_count = table.Column<long>(type: "bigint", nullable: false),
                    transports = table.Column<string>(type: "text", nullable: true),
                    is_backup_eligible = table.Column<bool>(type: "boolean", nullable: false),
                    is_backed_up = table.Column<bool>(type: "boolean", nullable: false),
                    aaguid = table.Column<Guid>(type: "uuid", nullable: true),
                    attestation_format = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_used_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identity_security_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_identity_security_keys_identity_id",
                        column: x => x.identity_id,
                        principalTable: "identities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    logout_token_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    identity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    issued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    authenticated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    aal = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    authentication_methods = table.Column<string>(type: "jsonb", nullable: false),
                    restriction = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ip_address = table.Column<string>(type: "text", nullable: true),
                    user_agent = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sessions_identity_id",
                        column: x => x.identity_id,
                        principalTable: "identities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "cache_generations",
                columns: new[] { "name", "value" },
                values: new object[] { "whoami", 0L });

            migrationBuilder.CreateIndex(
                name: "ix_admin_console_sessions_expires_at",
                table: "admin_console_sessions",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_admin_console_sessions_identity_id",
                table: "admin_console_sessions",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_admin_console_sessions_token_hash",
                table: "admin_console_sessions",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_at",
                table: "audit_events",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_identity_id",
                table: "audit_events",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_courier_message_dispatches_message_id",
                table: "courier_message_dispatches",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_courier_messages_created_at",
                table: "courier_messages",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_courier_messages_recipient",
                table: "courier_messages",
                column: "recipient");

            migrationBuilder.CreateIndex(
                name: "ix_courier_messages_status_next_attempt_at",
                table: "courier_messages",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_identities_external_id",
                table: "identities",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_identities_passkey_user_handle",
                table: "identities",
                column: "passkey_user_handle",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_identity_identifiers_identity_id",
                table: "identity_identifiers",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_identity_identifiers_value",
                table: "identity_identifiers",
                column: "value",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_identity_lookup_secrets_identity_id",
                table: "identity_lookup_secrets",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_identity_lookup_secrets_set_id",
                table: "identity_lookup_secrets",
                column: "set_id");

            migrationBuilder.CreateIndex(
                name: "ix_identity_passkeys_credential_id",
                table: "identity_passkeys",
                column: "credential_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_identity_passkeys_identity_id",
                table: "identity_passkeys",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_identity_security_keys_credential_id",
                table: "identity_security_keys",
                column: "credential_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_identity_security_keys_identity_id",
                table: "identity_security_keys",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_one_time_codes_expires_at",
                table: "one_time_codes",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_one_time_codes_flow_id",
                table: "one_time_codes",
                column: "flow_id");

            migrationBuilder.CreateIndex(
                name: "ix_rate_limit_hits_at",
                table: "rate_limit_hits",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_rate_limit_hits_bucket_at",
                table: "rate_limit_hits",
                columns: new[] { "bucket", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_self_service_errors_created_at",
                table: "self_service_errors",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_selfservice_flows_expires_at",
                table: "selfservice_flows",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_session_token_exchanges_expires_at",
                table: "session_token_exchanges",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_session_token_exchanges_flow_id",
                table: "session_token_exchanges",
                column: "flow_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_token_exchanges_init_code_hash",
                table: "session_token_exchanges",
                column: "init_code_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sessions_identity_id",
                table: "sessions",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_logout_token_hash",
                table: "sessions",
                column: "logout_token_hash");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_token_hash",
                table: "sessions",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_console_sessions");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "cache_generations");

            migrationBuilder.DropTable(
                name: "courier_message_dispatches");

            migrationBuilder.DropTable(
                name: "identity_identifiers");

            migrationBuilder.DropTable(
                name: "identity_lookup_secrets");

            migrationBuilder.DropTable(
                name: "identity_passkeys");

            migrationBuilder.DropTable(
                name: "identity_passwords");

            migrationBuilder.DropTable(
                name: "identity_security_keys");

            migrationBuilder.DropTable(
                name: "one_time_codes");

            migrationBuilder.DropTable(
                name: "portal_keys");

            migrationBuilder.DropTable(
                name: "rate_limit_hits");

            migrationBuilder.DropTable(
                name: "self_service_errors");

            migrationBuilder.DropTable(
                name: "selfservice_flows");

            migrationBuilder.DropTable(
                name: "session_token_exchanges");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "courier_messages");

            migrationBuilder.DropTable(
                name: "identities");
        }
    }
}
