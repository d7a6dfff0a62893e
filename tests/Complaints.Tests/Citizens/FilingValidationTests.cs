using Complaints.Tests.Files;
using Complaints.Web.Citizens;
using Complaints.Web.Domain;

namespace Complaints.Tests.Citizens;

public class FilingValidationTests
{
    static FilingRequest Valid() => new()
    {
        Description = "Un nid-de-poule dangereux devant l'école primaire.",
        Address = "Avenue Hassan II, Sefrou",
        Latitude = 33.83,
        Longitude = -4.83,
        FirstName = "Amina",
        LastName = "El Idrissi",
        Email = "amina@example.ma",
        Phone = "0612345678",
    };

    static FilingErrors Check(FilingRequest request)
    {
        var errors = new FilingErrors();
        FilingValidation.Check(request, errors);
        return errors;
    }

    static void AssertOnlyError(FilingErrors errors, string field, string message)
    {
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Key);
        Assert.Equal(message, error.Value);
    }

    static readonly byte[] Photo = TestImages.Encode(40, 30);
    static readonly byte[] Plan = TestImages.Encode(40, 30, SkiaSharp.SKEncodedImageFormat.Png);

    // Uploads:ClamAV unset: judged by content alone (Files/VirusScanTests shows a real scanner).
    static readonly Complaints.Web.Files.VirusScan NoScanner = new(null, TimeSpan.FromSeconds(1), null,
        Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    static Upload File(string name, byte[] bytes) => new(name, bytes.Length, () => new MemoryStream(bytes));

    static async Task<(List<(Upload Upload, Complaints.Web.Files.FileSignature.Kind Kind, byte[] Bytes)> Accepted, FilingErrors Errors)> CheckUploads(params Upload[] uploads)
    {
        var errors = new FilingErrors();
        var accepted = await FilingValidation.CheckUploadsAsync(uploads, errors, NoScanner, CancellationToken.None);
        return (accepted, errors);
    }

    [Fact]
    public void A_complete_and_valid_filing_has_no_errors()
    {
        var errors = Check(Valid());

        Assert.Empty(errors);
        Assert.False(errors.Any);
    }

    [Fact]
    public void Only_the_description_is_required()
    {
        Assert.Empty(Check(new FilingRequest { Description = "Lampadaire éteint rue 5." }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void An_empty_description_is_required(string? description)
    {
        var request = Valid();
        request.Description = description;

        AssertOnlyError(Check(request), "Description", "error.description.required");
    }

    [Fact]
    public void A_description_under_the_minimum_is_too_short()
    {
        var request = Valid();
        request.Description = "  " + new string('a', Limits.DescriptionMin - 1) + "  ";

        AssertOnlyError(Check(request), "Description", "error.description.short");
    }

    [Fact]
    public void A_description_of_exactly_the_minimum_is_accepted()
    {
        var request = Valid();
        request.Description = new string('a', Limits.DescriptionMin);

        Assert.Empty(Check(request));
    }

    [Fact]
    public void A_description_over_the_maximum_is_too_long()
    {
        var request = Valid();
        request.Description = new string('a', Limits.DescriptionMax + 1);

        AssertOnlyError(Check(request), "Description", "error.description.long");
    }

    [Fact]
    public void A_description_of_exactly_the_maximum_is_accepted()
    {
        var request = Valid();
        request.Description = new string('a', Limits.DescriptionMax);

        Assert.Empty(Check(request));
    }

    [Theory]
    [InlineData("amina")]
    [InlineData("amina@")]
    [InlineData("@example.ma")]
    [InlineData("amina@localhost")]
    [InlineData("amina el idrissi@example.ma")]
    [InlineData("Amina <amina@example.ma>")]
    [InlineData("amina@example.ma, omar@example.ma")]
    public void A_malformed_email_is_refused(string email)
    {
        var request = Valid();
        request.Email = email;

        AssertOnlyError(Check(request), "Email", "error.email.invalid");
    }

    [Fact]
    public void An_email_over_the_maximum_length_is_refused()
    {
        var request = Valid();
        request.Email = new string('a', Limits.EmailMax) + "@example.ma";

        AssertOnlyError(Check(request), "Email", "error.email.invalid");
    }

    [Theory]
    [InlineData("+212 6 12 34 56 78")]
    [InlineData("0612345678")]
    [InlineData("06-12-34-56-78")]
    [InlineData("06.12.34.56.78")]
    [InlineData("05 35 66 00 00")]
    [InlineData("+212 (0)535 660000")]
    public void A_moroccan_phone_number_is_accepted(string phone)
    {
        var request = Valid();
        request.Phone = phone;

        Assert.Empty(Check(request));
    }

    [Theory]
    [InlineData("appelez-moi")]
    [InlineData("0612")]
    [InlineData("06 12 34 56 78 poste 3")]
    [InlineData("+212 6 12 34 56 78 90 12 34")]
    [InlineData("0612345678901234567")]
    public void A_bad_phone_number_is_refused(string phone)
    {
        var request = Valid();
        request.Phone = phone;

        AssertOnlyError(Check(request), "Phone", "error.phone.invalid");
    }

    [Theory]
    [InlineData(90.0001)]
    [InlineData(-90.5)]
    [InlineData(double.NaN)]
    public void A_latitude_out_of_range_is_refused(double latitude)
    {
        var request = Valid();
        request.Latitude = latitude;

        AssertOnlyError(Check(request), "Latitude", "error.location.invalid");
    }

    [Theory]
    [InlineData(180.5)]
    [InlineData(-181)]
    [InlineData(double.NaN)]
    public void A_longitude_out_of_range_is_refused(double longitude)
    {
        var request = Valid();
        request.Longitude = longitude;

        AssertOnlyError(Check(request), "Longitude", "error.location.invalid");
    }

    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    public void The_poles_and_the_antimeridian_are_valid_places(double latitude, double longitude)
    {
        var request = Valid();
        request.Latitude = latitude;
        request.Longitude = longitude;

        Assert.Empty(Check(request));
    }

    [Fact]
    public void Over_long_address_and_names_are_refused()
    {
        var request = Valid();
        request.Address = new string('a', Limits.AddressMax + 1);
        request.FirstName = new string('a', Limits.NameMax + 1);
        request.LastName = new string('a', Limits.NameMax + 1);

        var errors = Check(request);

        Assert.Equal(3, errors.Count);
        Assert.Equal("error.address.long", errors["Address"]);
        Assert.Equal("error.name.long", errors["FirstName"]);
        Assert.Equal("error.name.long", errors["LastName"]);
    }

    [Fact]
    public void Several_errors_are_all_reported()
    {
        var request = new FilingRequest { Description = "court", Email = "nope", Phone = "x", Latitude = 100 };

        var errors = Check(request);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Description"] = "error.description.short",
                ["Email"] = "error.email.invalid",
                ["Phone"] = "error.phone.invalid",
                ["Latitude"] = "error.location.invalid",
            }.OrderBy(e => e.Key),
            errors.OrderBy(e => e.Key));
    }

    [Fact]
    public async Task Photos_and_documents_are_accepted_with_the_kind_found_in_their_content()
    {
        var (accepted, errors) = await CheckUploads(
            File("trou.jpg", Photo),
            File("plan.png", Plan),
            File("lettre.pdf", TestImages.Pdf()));

        Assert.Empty(errors);
        Assert.Equal(["image/jpeg", "image/png", "application/pdf"], accepted.Select(a => a.Kind.ContentType));
        Assert.Equal(["trou.jpg", "plan.png", "lettre.pdf"], accepted.Select(a => a.Upload.FileName));
    }

    [Fact]
    public async Task More_than_three_uploads_are_refused()
    {
        var (accepted, errors) = await CheckUploads(
            Enumerable.Range(1, Limits.MaxAttachments + 1).Select(i => File($"photo{i}.jpg", Photo)).ToArray());

        AssertOnlyError(errors, "Photos", "error.photos.count");
        Assert.Empty(accepted);
    }

    [Fact]
    public async Task Empty_file_inputs_do_not_count_as_uploads()
    {
        var (accepted, errors) = await CheckUploads(
            File("", []),
            File("a.jpg", Photo),
            File("b.jpg", Photo),
            File("c.jpg", Photo));

        Assert.Empty(errors);
        Assert.Equal(3, accepted.Count);
    }

    [Fact]
    public async Task An_upload_over_five_megabytes_is_refused()
    {
        var big = new byte[Limits.MaxAttachmentBytes + 1];
        Photo.CopyTo(big, 0);

        var (accepted, errors) = await CheckUploads(File("grande.jpg", big), File("petite.jpg", Photo));

        AssertOnlyError(errors, "Photos", "error.photos.size");
        Assert.Equal("petite.jpg", Assert.Single(accepted).Upload.FileName);
    }

    [Fact]
    public async Task An_upload_of_exactly_five_megabytes_is_accepted()
    {
        var max = new byte[Limits.MaxAttachmentBytes];
        Photo.CopyTo(max, 0);

        var (accepted, errors) = await CheckUploads(File("photo.jpg", max));

        Assert.Empty(errors);
        Assert.Single(accepted);
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_refused()
    {
        var (accepted, errors) = await CheckUploads(File("photo.jpg", FileSignatureTests.Text));

        AssertOnlyError(errors, "Photos", "error.photos.type");
        Assert.Empty(accepted);
    }

    [Fact]
    public async Task An_upload_shorter_than_a_signature_is_refused()
    {
        var (accepted, errors) = await CheckUploads(File("photo.jpg", [0xFF, 0xD8]));

        AssertOnlyError(errors, "Photos", "error.photos.type");
        Assert.Empty(accepted);
    }
}
