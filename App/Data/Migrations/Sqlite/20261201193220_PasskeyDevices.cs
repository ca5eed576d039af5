using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PasskeyDevices : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_used_user_agent",
                table: "identity_passkeys");

            migrationBuilder.DropColumn(
                name: "backup_passkey_declined_at",
                table: "identities");

            migrationBuilder.DropColumn(
                name: "backup_passkey_declines",
                table: "identities");
        }
    }
}
