using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Intern.Server.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneActiveJobPerSubmission : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_GradingJobs_SubmissionId",
                table: "GradingJobs");

            migrationBuilder.CreateIndex(
                name: "IX_GradingJobs_OneActivePerSubmission",
                table: "GradingJobs",
                column: "SubmissionId",
                unique: true,
                filter: "\"State\" IN ('Queued', 'Running')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_GradingJobs_OneActivePerSubmission",
                table: "GradingJobs");

            migrationBuilder.CreateIndex(
                name: "IX_GradingJobs_SubmissionId",
                table: "GradingJobs",
                column: "SubmissionId");
        }
    }
}
