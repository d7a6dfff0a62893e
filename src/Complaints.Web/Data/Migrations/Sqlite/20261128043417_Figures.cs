using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Complaints.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Figures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DaysToDefinitive",
                table: "Complaints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DefinitiveWithinDeadline",
                table: "Complaints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReopenCount",
                table: "Complaints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Complaints reopened or contested before this column existed; the definitive-response measures are
            // filled at start (Data/DatabaseStartup), since they need Moroccan dates.
            migrationBuilder.Sql("""
                UPDATE "Complaints" SET "ReopenCount" = (SELECT COUNT(*) FROM "TimelineEntries" t
                    WHERE t."ComplaintId" = "Complaints"."Id" AND t."Kind" IN ('Reopened', 'Contested'))
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DaysToDefinitive",
                table: "Complaints");

            migrationBuilder.DropColumn(
                name: "DefinitiveWithinDeadline",
                table: "Complaints");

            migrationBuilder.DropColumn(
                name: "ReopenCount",
                table: "Complaints");
        }
    }
}
