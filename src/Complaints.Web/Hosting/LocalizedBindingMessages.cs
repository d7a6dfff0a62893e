using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Hosting;

// Model binding's own messages ("The value 'x' is not valid") in the reader's language.
public sealed class LocalizedBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var l = factory.Create(typeof(SharedResource));
        var m = options.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((_, _) => l["error.value.invalid"]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => l["error.value.invalid"]);
        m.SetUnknownValueIsInvalidAccessor(_ => l["error.value.invalid"]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["error.value.invalid"]);
        m.SetValueIsInvalidAccessor(_ => l["error.value.invalid"]);
        m.SetValueMustBeANumberAccessor(_ => l["error.value.invalid"]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => l["error.value.invalid"]);
        m.SetValueMustNotBeNullAccessor(_ => l["error.value.required"]);
        m.SetMissingBindRequiredValueAccessor(_ => l["error.value.required"]);
        m.SetMissingKeyOrValueAccessor(() => l["error.value.required"]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => l["error.value.required"]);
    }
}
