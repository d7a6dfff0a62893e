using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Hosting;

// Ties a field to its hint and its error (rendered by <field-error>), so a screen reader hears both with the field.
public static class FieldErrors
{
    public static bool HasError(this ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    // A field with an error gets the red border.
    public static string FieldClass(this ModelStateDictionary state, string key) => state.HasError(key) ? "field invalid" : "field";

    public static string? DescribedBy(this ModelStateDictionary state, string key, string? hint = null)
    {
        var ids = new List<string>();
        if (hint is not null)
            ids.Add(hint);
        if (state.HasError(key))
            ids.Add(key.Replace('.', '_') + "-error");
        return ids.Count > 0 ? string.Join(' ', ids) : null;
    }
}

// <field-error name="Input.Email" />: the field's first error, under the id its DescribedBy names; nothing when it
// has none. A tag helper rather than a partial view: forms show one per field, and a partial costs a view of its own.
[HtmlTargetElement("field-error", Attributes = "name", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    public string Name { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) || entry.Errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("id", Name.Replace('.', '_') + "-error");
        output.Content.SetContent(entry.Errors[0].ErrorMessage);
    }
}

// <error-summary />: once a form was refused, every error it has, each a link to its field, announced at once.
[HtmlTargetElement("error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper(IStringLocalizer<SharedResource> l) : TagHelper
{
    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "error-summary");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Content.AppendHtml("<h2>").Append(l["form.errors.title"]).AppendHtml("</h2><ul>");
        foreach (var (key, entry) in state.Where(e => e.Value!.Errors.Count > 0))
            output.Content.AppendHtml("<li><a href=\"#").Append(key.Replace('.', '_')).AppendHtml("\">")
                .Append(entry!.Errors[0].ErrorMessage).AppendHtml("</a></li>");
        output.Content.AppendHtml("</ul>");
    }
}
