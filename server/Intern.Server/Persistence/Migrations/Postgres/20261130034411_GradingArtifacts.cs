using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Intern.Server.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GradingArtifacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GradingArtifacts",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    MediaType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    BlobSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GradingArtifacts", x => new { x.RecordId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_GradingArtifacts_Blobs_BlobSha256",
                        column: x => x.BlobSha256,
                        principalTable: "Blobs",
                        principalColumn: "Sha256",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GradingArtifacts_GradingRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "GradingRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GradingArtifacts_BlobSha256",
                table: "GradingArtifacts",
                column: "BlobSha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GradingArtifacts");
        }
    }
}
