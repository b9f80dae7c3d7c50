using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OewgDrafting.Api.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsensusSilenceRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "adoptions",
                columns: table => new
                {
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AdoptedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AdoptedBy = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FinalRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    DocumentVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    reservations = table.Column<string>(type: "TEXT", nullable: false),
                    explanations = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adoptions", x => x.DocumentId);
                    table.ForeignKey(
                        name: "FK_adoptions_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "explanations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Delegation = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    BlockId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_explanations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_explanations_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "positions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BracketKey = table.Column<int>(type: "INTEGER", nullable: false),
                    Alternative = table.Column<int>(type: "INTEGER", nullable: true),
                    BlockVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Delegation = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Stance = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Statement = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_positions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_positions_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "revisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    DocumentVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    Renumbered = table.Column<bool>(type: "INTEGER", nullable: false),
                    Final = table.Column<bool>(type: "INTEGER", nullable: false),
                    Symbol = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    front_matter = table.Column<string>(type: "TEXT", nullable: false),
                    blocks = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_revisions_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "silence_procedures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WholeDocument = table.Column<bool>(type: "INTEGER", nullable: false),
                    block_ids = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    BrokenBy = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    BrokenAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Statement = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_silence_procedures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_silence_procedures_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_explanations_DocumentId",
                table: "explanations",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_positions_DocumentId_Target_TargetId_BracketKey_Delegation",
                table: "positions",
                columns: new[] { "DocumentId", "Target", "TargetId", "BracketKey", "Delegation" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_revisions_DocumentId_Number",
                table: "revisions",
                columns: new[] { "DocumentId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_silence_procedures_DocumentId",
                table: "silence_procedures",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_silence_procedures_Status_Deadline",
                table: "silence_procedures",
                columns: new[] { "Status", "Deadline" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adoptions");

            migrationBuilder.DropTable(
                name: "explanations");

            migrationBuilder.DropTable(
                name: "positions");

            migrationBuilder.DropTable(
                name: "revisions");

            migrationBuilder.DropTable(
                name: "silence_procedures");
        }
    }
}
