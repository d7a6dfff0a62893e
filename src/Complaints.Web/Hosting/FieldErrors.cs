using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Complaints.Web.Hosting;

// Ties a field to its hint and its error (rendered by _FieldError), so a screen reader hears both with the field.
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
