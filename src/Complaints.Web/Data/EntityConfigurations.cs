using Complaints.Web.Audit;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Complaints.Web.Responses;
using Complaints.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Complaints.Web.Data;

sealed class CommuneConfiguration : IEntityTypeConfiguration<Commune>
{
    public void Configure(EntityTypeBuilder<Commune> b)
    {
        b.HasIndex(c => c.Code).IsUnique();
        // A reference alone finds its complaint, so prefixes are unique across the platform.
        b.HasIndex(c => c.ReferencePrefix).IsUnique();
        b.Property(c => c.Code).HasMaxLength(64);
        b.Property(c => c.ReferencePrefix).HasMaxLength(8);
        b.Property(c => c.NameFr).HasMaxLength(200);
        b.Property(c => c.NameAr).HasMaxLength(200);
        b.Property(c => c.ContactEmail).HasMaxLength(256);
        b.Property(c => c.CndpDeclaration).HasMaxLength(Commune.CndpDeclarationMax);
        b.Property(c => c.DeadlineMode).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.HostName).HasMaxLength(Commune.HostNameMax);
        b.HasIndex(c => c.HostName).IsUnique();
        b.Property(c => c.LogoStorageKey).HasMaxLength(128);
        b.Property(c => c.LogoContentType).HasMaxLength(64);
    }
}

sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> b)
    {
        b.HasIndex(s => new { s.CommuneId, s.Code }).IsUnique();
        b.Property(s => s.Code).HasMaxLength(64);
        b.Property(s => s.NameFr).HasMaxLength(200);
        b.Property(s => s.NameAr).HasMaxLength(200);
        b.HasOne(s => s.Commune).WithMany(c => c.Services).HasForeignKey(s => s.CommuneId);
    }
}

sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.HasIndex(c => new { c.CommuneId, c.Code }).IsUnique();
        b.Property(c => c.Code).HasMaxLength(64);
        b.Property(c => c.NameFr).HasMaxLength(200);
        b.Property(c => c.NameAr).HasMaxLength(200);
        b.Property(c => c.DescriptionFr).HasMaxLength(1000);
        b.Property(c => c.DescriptionAr).HasMaxLength(1000);
        b.Property(c => c.DeadlineMode).HasConversion<string>().HasMaxLength(16);
        b.HasOne(c => c.Commune).WithMany(c => c.Categories).HasForeignKey(c => c.CommuneId);
        b.HasOne(c => c.DefaultService).WithMany().HasForeignKey(c => c.DefaultServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Questions).WithOne().HasForeignKey(q => q.CategoryId);
    }
}

sealed class CategoryQuestionConfiguration : IEntityTypeConfiguration<CategoryQuestion>
{
    public void Configure(EntityTypeBuilder<CategoryQuestion> b)
    {
        b.HasIndex(q => new { q.CategoryId, q.Code }).IsUnique();
        b.Property(q => q.Code).HasMaxLength(64);
        b.Property(q => q.LabelFr).HasMaxLength(300);
        b.Property(q => q.LabelAr).HasMaxLength(300);
        b.Property(q => q.Kind).HasConversion<string>().HasMaxLength(16);
        b.OwnsMany(q => q.Choices, o => o.ToJson());
    }
}

sealed class ComplaintAnswerConfiguration : IEntityTypeConfiguration<ComplaintAnswer>
{
    public void Configure(EntityTypeBuilder<ComplaintAnswer> b)
    {
        b.HasIndex(a => a.ComplaintId);
        b.Property(a => a.Code).HasMaxLength(64);
        b.Property(a => a.LabelFr).HasMaxLength(300);
        b.Property(a => a.LabelAr).HasMaxLength(300);
        b.Property(a => a.Value).HasMaxLength(Limits.AnswerMax);
        b.Property(a => a.ValueFr).HasMaxLength(200);
        b.Property(a => a.ValueAr).HasMaxLength(200);
    }
}

sealed class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> b)
    {
        b.HasIndex(d => new { d.CommuneId, d.Code }).IsUnique();
        b.Property(d => d.Code).HasMaxLength(64);
        b.Property(d => d.NameFr).HasMaxLength(200);
        b.Property(d => d.NameAr).HasMaxLength(200);
        b.HasOne(d => d.Commune).WithMany(c => c.Districts).HasForeignKey(d => d.CommuneId);
    }
}

sealed class RightsRequestConfiguration : IEntityTypeConfiguration<Privacy.RightsRequest>
{
    public void Configure(EntityTypeBuilder<Privacy.RightsRequest> b)
    {
        b.HasIndex(r => new { r.CommuneId, r.Status, r.DueOn });
        b.HasIndex(r => r.ComplaintId);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Text).HasMaxLength(Limits.DescriptionMax);
        b.Property(r => r.Answer).HasMaxLength(Limits.DescriptionMax);
        b.Property(r => r.AnsweredBy).HasMaxLength(256);
        b.HasOne(r => r.Complaint).WithMany().HasForeignKey(r => r.ComplaintId);
    }
}

sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        // The backstop for reference uniqueness; the counter table hands out the numbers.
        b.HasIndex(c => c.Reference).IsUnique();
        b.HasIndex(c => new { c.CommuneId, c.FiledAt });
        b.HasIndex(c => new { c.CommuneId, c.Status, c.ResponseDueOn });
        b.HasIndex(c => new { c.ServiceId, c.Status, c.ResponseDueOn });
        b.HasIndex(c => new { c.CommuneId, c.ResponseDueOn });
        b.Property(c => c.SearchText).HasMaxLength(Limits.DescriptionMax + Limits.AddressMax + 64);
        b.Property(c => c.SearchPersonal).HasMaxLength(2 * Limits.NameMax + Limits.EmailMax + Limits.PhoneMax + 8);
        b.Property(c => c.Reference).HasMaxLength(32);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.RejectionReason).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Description).HasMaxLength(Limits.DescriptionMax);
        b.Property(c => c.Address).HasMaxLength(Limits.AddressMax);
        b.Property(c => c.AccessCodeHash).HasMaxLength(128);
        b.Property(c => c.Language).HasMaxLength(8);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Property(c => c.SatisfactionComment).HasMaxLength(Limits.DescriptionMax);
        // The deadline watch looks for open complaints near or past their due date.
        b.HasIndex(c => new { c.Status, c.ResponseDueOn });
        b.OwnsOne(c => c.Complainant, o =>
        {
            o.Property(p => p.FirstName).HasMaxLength(Limits.NameMax).HasColumnName("ComplainantFirstName");
            o.Property(p => p.LastName).HasMaxLength(Limits.NameMax).HasColumnName("ComplainantLastName");
            o.Property(p => p.Email).HasMaxLength(Limits.EmailMax).HasColumnName("ComplainantEmail");
            o.Property(p => p.Phone).HasMaxLength(Limits.PhoneMax).HasColumnName("ComplainantPhone");
        });
        b.Navigation(c => c.Complainant).IsRequired();
        b.HasOne(c => c.Commune).WithMany().HasForeignKey(c => c.CommuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.Category).WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.District).WithMany().HasForeignKey(c => c.DistrictId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.Service).WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Timeline).WithOne().HasForeignKey(t => t.ComplaintId);
        b.HasMany(c => c.Attachments).WithOne().HasForeignKey(a => a.ComplaintId);
        b.HasMany(c => c.Answers).WithOne().HasForeignKey(a => a.ComplaintId);
    }
}

sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> b)
    {
        b.HasIndex(t => new { t.ComplaintId, t.At });
        b.Property(t => t.Actor).HasMaxLength(256);
        b.Property(t => t.Text).HasMaxLength(Limits.DescriptionMax);
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(24);
    }
}

sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(64);
        b.Property(a => a.StorageKey).HasMaxLength(128);
    }
}

sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.HasIndex(k => k.KeyHash).IsUnique();
        b.Property(k => k.Name).HasMaxLength(200);
        b.Property(k => k.KeyHash).HasMaxLength(128);
        b.Property(k => k.CreatedBy).HasMaxLength(256);
        b.HasIndex(k => k.CommuneId);
        b.HasOne<Commune>().WithMany().HasForeignKey(k => k.CommuneId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ReferenceCounterConfiguration : IEntityTypeConfiguration<ReferenceCounter>
{
    public void Configure(EntityTypeBuilder<ReferenceCounter> b) => b.HasKey(r => new { r.CommuneId, r.Year });
}

sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(a => new { a.ComplaintId, a.At });
        b.HasIndex(a => new { a.CommuneId, a.At });
        // The audit reader filters by person and by action over a period.
        b.HasIndex(a => new { a.UserId, a.At });
        b.HasIndex(a => new { a.Action, a.At });
        b.Property(a => a.UserId).HasMaxLength(64);
        b.Property(a => a.Actor).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.Details).HasMaxLength(1000);
    }
}

sealed class ResponseTemplateConfiguration : IEntityTypeConfiguration<ResponseTemplate>
{
    public void Configure(EntityTypeBuilder<ResponseTemplate> b)
    {
        b.HasIndex(t => new { t.CommuneId, t.Purpose, t.Language });
        b.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.Language).HasMaxLength(8);
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Body).HasMaxLength(Limits.DescriptionMax);
        b.HasOne<Commune>().WithMany().HasForeignKey(t => t.CommuneId);
        b.HasOne<Category>().WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class StaffUserConfiguration : IEntityTypeConfiguration<Staff.StaffUser>
{
    public void Configure(EntityTypeBuilder<Staff.StaffUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        // Only the conditional update of Staff/OneTimeTotp moves it: saving a user loaded earlier cannot set it back.
        b.Property(u => u.LastTotpStep).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        b.HasOne<Commune>().WithMany().HasForeignKey(u => u.CommuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Service>().WithMany().HasForeignKey(u => u.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<Staff.SignInThrottle>
{
    public void Configure(EntityTypeBuilder<Staff.SignInThrottle> b)
    {
        b.HasKey(t => t.Key);
        b.Property(t => t.Key).HasMaxLength(200);
        // Old counters are cleared by age.
        b.HasIndex(t => t.LastFailureAt);
    }
}

sealed class StoredSecretConfiguration : IEntityTypeConfiguration<Citizens.StoredSecret>
{
    public void Configure(EntityTypeBuilder<Citizens.StoredSecret> b)
    {
        b.ToTable("Secrets");
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.Protected).HasMaxLength(4000);
    }
}

sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        // The worker's question: what is pending and due?
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => new { m.CommuneId, m.CreatedAt });
        b.HasIndex(m => m.ComplaintId);
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(m => m.Event).HasConversion<string>().HasMaxLength(32);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(8);
        b.Property(m => m.Recipient).HasMaxLength(256);
        b.Property(m => m.Language).HasMaxLength(8);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.Body).HasMaxLength(20000);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.Property(m => m.ClaimedBy).HasMaxLength(100);
        b.HasOne<Commune>().WithMany().HasForeignKey(m => m.CommuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Complaint>().WithMany().HasForeignKey(m => m.ComplaintId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class NotificationTemplateConfiguration : IEntityTypeConfiguration<NotificationTemplate>
{
    public void Configure(EntityTypeBuilder<NotificationTemplate> b)
    {
        b.HasIndex(t => new { t.CommuneId, t.Event, t.Channel, t.Language }).IsUnique();
        b.Property(t => t.Event).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(t => t.Language).HasMaxLength(8);
        b.Property(t => t.Subject).HasMaxLength(300);
        b.Property(t => t.Body).HasMaxLength(Limits.DescriptionMax);
        b.Property(t => t.UpdatedBy).HasMaxLength(256);
        b.HasOne<Commune>().WithMany().HasForeignKey(t => t.CommuneId);
    }
}

sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.HasIndex(r => new { r.Job, r.Key }).IsUnique();
        b.Property(r => r.Job).HasMaxLength(32);
        b.Property(r => r.Key).HasMaxLength(128);
    }
}

sealed class StoredHolidayCorrectionConfiguration : IEntityTypeConfiguration<StoredHolidayCorrection>
{
    public void Configure(EntityTypeBuilder<StoredHolidayCorrection> b)
    {
        b.ToTable("HolidayCorrections");
        b.HasIndex(h => new { h.Code, h.Year }).IsUnique();
        b.Property(h => h.Code).HasMaxLength(64);
        b.Property(h => h.UpdatedBy).HasMaxLength(256);
    }
}

sealed class StaffSessionConfiguration : IEntityTypeConfiguration<Staff.StaffSession>
{
    public void Configure(EntityTypeBuilder<Staff.StaffSession> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasMaxLength(64);
        b.Property(s => s.MemberId).HasMaxLength(450);
        b.Property(s => s.ClientAddress).HasMaxLength(64);
        b.Property(s => s.Device).HasMaxLength(100);
        b.HasOne<Staff.StaffUser>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
        // The account page lists a member's sessions; the daily pass purges old ones by age.
        b.HasIndex(s => s.MemberId);
        b.HasIndex(s => s.StartedAt);
    }
}
