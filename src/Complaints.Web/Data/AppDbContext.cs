using Complaints.Web.Audit;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Complaints.Web.Responses;
using Complaints.Web.Scheduling;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Complaints.Web.Data;

// One model for both databases; each provider has a thin subclass with its own migrations
// (EF Core, "Migrations with Multiple Providers").
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
    public DbSet<Commune> Communes => Set<Commune>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<District> Districts => Set<District>();
    public DbSet<CategoryQuestion> CategoryQuestions => Set<CategoryQuestion>();
    public DbSet<ComplaintAnswer> ComplaintAnswers => Set<ComplaintAnswer>();
    public DbSet<Complaint> Complaints => Set<Complaint>();
    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ReferenceCounter> ReferenceCounters => Set<ReferenceCounter>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ResponseTemplate> ResponseTemplates => Set<ResponseTemplate>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<NotificationTemplate> NotificationTemplates => Set<NotificationTemplate>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<Privacy.RightsRequest> RightsRequests => Set<Privacy.RightsRequest>();
    public DbSet<StoredHolidayCorrection> HolidayCorrections => Set<StoredHolidayCorrection>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();
    public DbSet<Citizens.StoredSecret> Secrets => Set<Citizens.StoredSecret>();
    // Shared by every instance, so cookies and antiforgery tokens survive a load balancer.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC; SQLite forgets the kind, PostgreSQL's timestamptz insists on it.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Trigram indexes let "contains" searches stay fast on a commune's hundred thousand complaints.
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<Complaint>().HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<Complaint>().HasIndex(c => c.SearchPersonal).HasMethod("gin").HasOperators("gin_trgm_ops");
        // A commune's dashboard reads only these columns of a period's complaints: an index-only scan (bench/: the
        // biggest commune's year went from 152 to 12 ms of database time, no longer visiting 17,000 table pages).
        builder.Entity<Complaint>().HasIndex(c => new { c.CommuneId, c.FiledAt })
            .IncludeProperties(c => new { c.Status, c.RejectionReason, c.Kind, c.CategoryId, c.ServiceId, c.DistrictId, c.Channel, c.ResponseDueOn, c.DaysToDefinitive, c.DefinitiveWithinDeadline, c.Satisfied, c.ReopenCount });
        // The national comparison reads only these columns of a period's complaints: an index-only scan.
        builder.Entity<Complaint>().HasIndex(c => c.FiledAt).HasDatabaseName("IX_Complaints_Figures")
            .IncludeProperties(c => new { c.CommuneId, c.Status, c.RejectionReason, c.ResponseDueOn, c.DaysToDefinitive, c.DefinitiveWithinDeadline, c.Satisfied, c.ReopenCount });
    }
}
