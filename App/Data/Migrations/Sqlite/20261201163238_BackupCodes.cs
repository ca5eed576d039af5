using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BackupCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "identity_lookup_secrets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    set_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    flow_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    code_hmac = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    confirmed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    used_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "ix_identity_lookup_secrets_identity_id",
                table: "identity_lookup_secrets",
                column: "identity_id");

            migrationBuilder.CreateIndex(
                name: "ix_identity_lookup_secrets_set_id",
                table: "identity_lookup_secrets",
                column: "set_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "identity_lookup_secrets");
        }
    }
}
