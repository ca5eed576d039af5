using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecurityKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "identity_security_keys");
        }
    }
}
