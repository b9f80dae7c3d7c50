using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OewgDrafting.Api.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AmendmentAnchorEnd : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AnchorEnd",
                table: "amendments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Amendments stored before: a quoted span ends where its quote does.
            migrationBuilder.Sql("UPDATE amendments SET \"AnchorEnd\" = \"AnchorStart\" + length(\"Quote\") WHERE \"Quote\" IS NOT NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_amendments_BlockId_Status_BaseVersion_AnchorStart_AnchorEnd",
                table: "amendments",
                columns: new[] { "BlockId", "Status", "BaseVersion", "AnchorStart", "AnchorEnd" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_amendments_BlockId_Status_BaseVersion_AnchorStart_AnchorEnd",
                table: "amendments");

            migrationBuilder.DropColumn(
                name: "AnchorEnd",
                table: "amendments");
        }
    }
}
