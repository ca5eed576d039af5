using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IdentityExternalIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "identities",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_identities_external_id",
                table: "identities",
                column: "external_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_identities_external_id",
                table: "identities");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "identities");
        }
    }
}
