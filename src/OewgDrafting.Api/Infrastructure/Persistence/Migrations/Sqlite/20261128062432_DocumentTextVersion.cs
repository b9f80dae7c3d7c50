using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OewgDrafting.Api.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DocumentTextVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "TextVersion",
                table: "documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Documents stored before: their text is taken to have changed at their current version.
            migrationBuilder.Sql("UPDATE documents SET \"TextVersion\" = \"Version\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TextVersion",
                table: "documents");
        }
    }
}
