using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Complaints.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonalDataRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AnonymizedAt",
                table: "Complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PersonalDataRetentionMonths",
                table: "Communes",
                type: "integer",
                nullable: false,
                // Communes that existed keep their complainants' data the default 24 months, not zero.
                defaultValue: 24);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AnonymizedAt",
                table: "Complaints");

            migrationBuilder.DropColumn(
                name: "PersonalDataRetentionMonths",
                table: "Communes");
        }
    }
}
