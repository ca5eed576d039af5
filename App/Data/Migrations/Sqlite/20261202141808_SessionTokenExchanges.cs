using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionTokenExchanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "session_token_exchanges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    flow_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    init_code_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    return_to_code_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: true),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    used_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_token_exchanges", x => x.id);
                });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "session_token_exchanges");
        }
    }
}
