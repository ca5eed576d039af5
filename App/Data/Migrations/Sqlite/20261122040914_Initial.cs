using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    flow_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    ip_address = table.Column<string>(type: "TEXT", nullable: true),
                    user_agent = table.Column<string>(type: "TEXT", nullable: true),
                    details = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "identities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    schema_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    traits = table.Column<string>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    metadata_public = table.Column<string>(type: "TEXT", nullable: true),
                    metadata_admin = table.Column<string>(type: "TEXT", nullable: true),
                    passkey_user_handle = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    state_changed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "selfservice_flows",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    request_url = table.Column<string>(type: "TEXT", nullable: false),
                    return_to = table.Column<string>(type: "TEXT", nullable: true),
                    issued_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    active = table.Column<string>(type: "TEXT", nullable: true),
                    requested_aal = table.Column<string>(type: "TEXT", nullable: false),
                    refresh = table.Column<bool>(type: "INTEGER", nullable: false),
                    csrf_hash = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ui = table.Column<string>(type: "TEXT", nullable: false),
                    ceremony_state = table.Column<string>(type: "TEXT", nullable: true),
                    ceremony_nonce = table.Column<Guid>(type: "TEXT", nullable: true),
                    ceremony_expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_selfservice_flows", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "identity_identifiers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    trait_path = table.Column<string>(type: "TEXT", nullable: false),
                    verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    verified_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                name: "identity_passkeys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    credential_id = table.Column<byte[]>(type: "BLOB", maxLength: 1023, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    sign_count = table.Column<long>(type: "INTEGER", nullable: false),
                    transports = table.Column<string>(type: "TEXT", nullable: true),
                    is_user_verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_backup_eligible = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_backed_up = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_discoverable = table.Column<bool>(type: "INTEGER", nullable: false),
                    attestation_object = table.Column<byte[]>(type: "BLOB", nullable: false),
                    client_data_json = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_used_at = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    token_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    logout_token_hash = table.Column<byte[]>(type: "BLOB", nullable: true),
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    issued_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    authenticated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    aal = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    authentication_methods = table.Column<string>(type: "TEXT", nullable: false),
                    ip_address = table.Column<string>(type: "TEXT", nullable: true),
                    user_agent = table.Column<string>(type: "TEXT", nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_at",
                table: "audit_events",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_identity_id",
                table: "audit_events",
                column: "identity_id");

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
                name: "ix_identity_passkeys_credential_id",
                table: "identity_passkeys",
                column: "credential_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_identity_passkeys_identity_id",
                table: "identity_passkeys",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_selfservice_flows_expires_at",
                table: "selfservice_flows",
                column: "expires_at");

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
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "identity_identifiers");

            migrationBuilder.DropTable(
                name: "identity_passkeys");

            migrationBuilder.DropTable(
                name: "selfservice_flows");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "identities");
        }
    }
}
