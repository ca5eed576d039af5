using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmailSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "submit_count",
                table: "selfservice_flows",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "courier_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    subject = table.Column<string>(type: "TEXT", nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    html_body = table.Column<string>(type: "TEXT", nullable: true),
                    template_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    send_count = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    claimed_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    identity_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_courier_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "one_time_codes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    flow_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    code_hmac = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    link_hmac = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    used_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_one_time_codes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "portal_keys",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_keys", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "rate_limit_hits",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    bucket = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rate_limit_hits", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "courier_message_dispatches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    message_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                name: "ix_one_time_codes_expires_at",
                table: "one_time_codes",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_one_time_codes_flow_id",
                table: "one_time_codes",
                column: "flow_id");

            migrationBuilder.CreateIndex(
                name: "ix_rate_limit_hits_bucket_at",
                table: "rate_limit_hits",
                columns: new[] { "bucket", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "courier_message_dispatches");

            migrationBuilder.DropTable(
                name: "one_time_codes");

            migrationBuilder.DropTable(
                name: "portal_keys");

            migrationBuilder.DropTable(
                name: "rate_limit_hits");

            migrationBuilder.DropTable(
                name: "courier_messages");

            migrationBuilder.DropColumn(
                name: "submit_count",
                table: "selfservice_flows");
        }
    }
}
