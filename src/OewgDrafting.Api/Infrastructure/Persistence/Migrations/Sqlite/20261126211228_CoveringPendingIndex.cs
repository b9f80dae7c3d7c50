using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OewgDrafting.Api.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CoveringPendingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_amendments_DocumentId_Status",
                table: "amendments");

            migrationBuilder.CreateIndex(
                name: "IX_amendments_DocumentId_Status_BlockId_Number_Proposer",
                table: "amendments",
                columns: new[] { "DocumentId", "Status", "BlockId", "Number", "Proposer" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_amendments_DocumentId_Status_BlockId_Number_Proposer",
                table: "amendments");

            migrationBuilder.CreateIndex(
                name: "IX_amendments_DocumentId_Status",
                table: "amendments",
                columns: new[] { "DocumentId", "Status" });
        }
    }
}
