using System.Text.Json.Serialization;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Phones;

namespace HomeTelco.Host.Api;

/// <summary>
/// An extension as the API shows it, with the phones registered to it: never a password or an HA1. The generated
/// password appears only in the answer to the write that generated it.
/// </summary>
internal sealed record ExtensionView(
    string Number,
    string DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RegistrationView> Registrations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GeneratedPassword = null)
{
    // The registrations are this extension's only; now is the box's clock, for the seconds each has left.
    public static ExtensionView From(Extension extension, IEnumerable<PhoneRegistration> registrations, DateTimeOffset now, string? generatedPassword = null) =>
        new(
            extension.Number,
            extension.DisplayName,
            extension.CreatedAt,
            extension.UpdatedAt,
            [.. registrations.Select(r => RegistrationView.From(r, now))],
            generatedPassword);
}
