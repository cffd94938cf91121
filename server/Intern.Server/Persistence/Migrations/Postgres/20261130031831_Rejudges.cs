using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Intern.Server.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Rejudges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RejudgeId",
                table: "GradingRecords",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ReplacedResultId",
                table: "GradingRecords",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RejudgeId",
                table: "GradingJobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TaskVersion",
                table: "GradingJobs",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Rejudges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    TaskSlug = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TaskVersion = table.Column<int>(type: "integer", nullable: false),
                    StartedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ClosedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Applied = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rejudges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Rejudges_HiringRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "HiringRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GradingRecords_RejudgeId",
                table: "GradingRecords",
                column: "RejudgeId");

            migrationBuilder.CreateIndex(
                name: "IX_GradingJobs_RejudgeId",
                table: "GradingJobs",
                column: "RejudgeId");

            migrationBuilder.CreateIndex(
                name: "IX_Rejudges_OnePreviewPerTask",
                table: "Rejudges",
                columns: new[] { "RoundId", "TaskSlug" },
                unique: true,
                filter: "\"State\" = 'Previewing'");

            migrationBuilder.AddForeignKey(
                name: "FK_GradingJobs_Rejudges_RejudgeId",
                table: "GradingJobs",
                column: "RejudgeId",
                principalTable: "Rejudges",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_GradingRecords_Rejudges_RejudgeId",
                table: "GradingRecords",
                column: "RejudgeId",
                principalTable: "Rejudges",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_GradingJobs_Rejudges_RejudgeId",
                table: "GradingJobs");

            migrationBuilder.DropForeignKey(
                name: "FK_GradingRecords_Rejudges_RejudgeId",
                table: "GradingRecords");

            migrationBuilder.DropTable(
                name: "Rejudges");

            migrationBuilder.DropIndex(
                name: "IX_GradingRecords_RejudgeId",
                table: "GradingRecords");

            migrationBuilder.DropIndex(
                name: "IX_GradingJobs_RejudgeId",
                table: "GradingJobs");

            migrationBuilder.DropColumn(
                name: "RejudgeId",
                table: "GradingRecords");

            migrationBuilder.DropColumn(
                name: "ReplacedResultId",
                table: "GradingRecords");

            migrationBuilder.DropColumn(
                name: "RejudgeId",
                table: "GradingJobs");

            migrationBuilder.DropColumn(
                name: "TaskVersion",
                table: "GradingJobs");
        }
    }
}
