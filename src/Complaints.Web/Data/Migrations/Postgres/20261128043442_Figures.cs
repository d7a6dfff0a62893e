using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Complaints.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Figures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Complaints_CommuneId_FiledAt",
                table: "Complaints");

            migrationBuilder.AddColumn<int>(
                name: "DaysToDefinitive",
                table: "Complaints",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DefinitiveWithinDeadline",
                table: "Complaints",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReopenCount",
                table: "Complaints",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Complaints reopened or contested before this column existed; the definitive-response measures are
            // filled at start (Data/DatabaseStartup), since they need Moroccan dates.
            migrationBuilder.Sql("""
                UPDATE "Complaints" SET "ReopenCount" = (SELECT COUNT(*) FROM "TimelineEntries" t
                    WHERE t."ComplaintId" = "Complaints"."Id" AND t."Kind" IN ('Reopened', 'Contested'))
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_CommuneId_FiledAt",
                table: "Complaints",
                columns: new[] { "CommuneId", "FiledAt" })
                .Annotation("Npgsql:IndexInclude", new[] { "Status", "RejectionReason", "Kind", "CategoryId", "ServiceId", "DistrictId", "Channel", "ResponseDueOn", "DaysToDefinitive", "DefinitiveWithinDeadline", "Satisfied", "ReopenCount" });

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_Figures",
                table: "Complaints",
                column: "FiledAt")
                .Annotation("Npgsql:IndexInclude", new[] { "CommuneId", "Status", "RejectionReason", "ResponseDueOn", "DaysToDefinitive", "DefinitiveWithinDeadline", "Satisfied", "ReopenCount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Complaints_CommuneId_FiledAt",
                table: "Complaints");

            migrationBuilder.DropIndex(
                name: "IX_Complaints_Figures",
                table: "Complaints");

            migrationBuilder.DropColumn(
                name: "DaysToDefinitive",
                table: "Complaints");

            migrationBuilder.DropColumn(
                name: "DefinitiveWithinDeadline",
                table: "Complaints");

            migrationBuilder.DropColumn(
                name: "ReopenCount",
                table: "Complaints");

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_CommuneId_FiledAt",
                table: "Complaints",
                columns: new[] { "CommuneId", "FiledAt" });
        }
    }
}
