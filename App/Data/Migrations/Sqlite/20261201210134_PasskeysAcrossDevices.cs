using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PasskeysAcrossDevices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "last_used_user_agent",
                table: "identity_passkeys",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "replaces_id",
                table: "identity_identifiers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "verification_sent_at",
                table: "identity_identifiers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "backup_passkey_declined_at",
                table: "identities",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "backup_passkey_declines",
                table: "identities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "identity_passwords",
                columns: table => new
                {
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    hashed_password = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    credential_id = table.Column<byte[]>(type: "BLOB", maxLength: 1023, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    sign_count = table.Column<long>(type: "INTEGER", nullable: false),
                    transports = table.Column<string>(type: "TEXT", nullable: true),
                    is_backup_eligible = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_backed_up = table.Column<bool>(type: "INTEGER", nullable: false),
                    aaguid = table.Column<Guid>(type: "TEXT", nullable: true),
                    attestation_format = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_used_at = table.Column<DateTime>(type: "TEXT", nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "ix_identity_security_keys_credential_id",
                table: "identity_security_keys",
                column: "credential_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_identity_security_keys_identity_id",
                table: "identity_security_keys",
                column: "identity_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "identity_passwords");

            migrationBuilder.DropTable(
                name: "identity_security_keys");

            migrationBuilder.DropColumn(
                name: "last_used_user_agent",
                table: "identity_passkeys");

            migrationBuilder.DropColumn(
                name: "replaces_id",
                table: "identity_identifiers");

            migrationBuilder.DropColumn(
                name: "verification_sent_at",
                table: "identity_identifiers");

            migrationBuilder.DropColumn(
                name: "backup_passkey_declined_at",
                table: "identities");

            migrationBuilder.DropColumn(
                name: "backup_passkey_declines",
                table: "identities");
        }
    }
}
