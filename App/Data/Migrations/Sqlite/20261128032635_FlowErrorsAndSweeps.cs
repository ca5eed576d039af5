using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FlowErrorsAndSweeps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "self_service_errors",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_self_service_errors", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rate_limit_hits_at",
                table: "rate_limit_hits",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_self_service_errors_created_at",
                table: "self_service_errors",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "self_service_errors");

            migrationBuilder.DropIndex(
                name: "ix_rate_limit_hits_at",
                table: "rate_limit_hits");
        }
    }
}
