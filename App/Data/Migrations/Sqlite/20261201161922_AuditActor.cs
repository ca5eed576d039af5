using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditActor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "actor",
                table: "audit_events",
                type: "TEXT",
                maxLength: 160,
                nullable: false,
                defaultValue: "system");
            // Events written before actors were recorded: the admin API's own, else the person's where one is named.
            migrationBuilder.Sql("UPDATE audit_events SET actor = 'admin' WHERE type LIKE 'admin.%';");
            migrationBuilder.Sql("UPDATE audit_events SET actor = 'identity' WHERE actor = 'system' AND identity_id IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "actor",
                table: "audit_events");
        }
    }
}
