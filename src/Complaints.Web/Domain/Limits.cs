namespace Complaints.Web.Domain;

// Field limits shared by the forms, the APIs and the database columns.
public static class Limits
{
    public const int DescriptionMin = 10;
    public const int DescriptionMax = 4000;
    public const int AddressMax = 300;
    public const int NameMax = 100;
    public const int EmailMax = 254;
    public const int PhoneMax = 20;
    // An answer to a category's extra question.
    public const int AnswerMax = 500;
    // Per upload, the citizen's and staff's alike.
    public const int MaxAttachments = 3;
    // Per complaint, with the documents staff add later.
    public const int MaxAttachmentsPerComplaint = 10;
    public const long MaxAttachmentBytes = 5 * 1024 * 1024;
}
