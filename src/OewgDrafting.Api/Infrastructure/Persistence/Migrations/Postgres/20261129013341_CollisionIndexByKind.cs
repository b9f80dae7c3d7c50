using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OewgDrafting.Api.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CollisionIndexByKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_amendments_BlockId_Status_BaseVersion_AnchorStart_AnchorEnd",
                table: "amendments");

            migrationBuilder.CreateIndex(
                name: "IX_amendments_BlockId_Status_Kind_BaseVersion_AnchorStart_Anch~",
                table: "amendments",
                columns: new[] { "BlockId", "Status", "Kind", "BaseVersion", "AnchorStart", "AnchorEnd" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_amendments_BlockId_Status_Kind_BaseVersion_AnchorStart_Anch~",
                table: "amendments");

            migrationBuilder.CreateIndex(
                name: "IX_amendments_BlockId_Status_BaseVersion_AnchorStart_AnchorEnd",
                table: "amendments",
                columns: new[] { "BlockId", "Status", "BaseVersion", "AnchorStart", "AnchorEnd" });
        }
    }
}
