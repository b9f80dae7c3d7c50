using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OewgDrafting.Api.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EventHashChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "registry_events",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "document_events",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HeadHash",
                table: "adoptions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "HeadSequence",
                table: "adoptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Hash",
                table: "registry_events");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "document_events");

            migrationBuilder.DropColumn(
                name: "HeadHash",
                table: "adoptions");

            migrationBuilder.DropColumn(
                name: "HeadSequence",
                table: "adoptions");
        }
    }
}
