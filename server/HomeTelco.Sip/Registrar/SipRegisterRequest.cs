using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Registrar;

/// <summary>An authenticated REGISTER reduced to what changes the bindings (RFC 3261 §10.3 steps 6 and 7).</summary>
internal sealed class SipRegisterRequest
{
    /// <summary>The extension (the address of record's user part, equal to the authenticated user).</summary>
    public required string Number { get; init; }

    public required string CallId { get; init; }

    public required uint CSeq { get; init; }

    /// <summary><c>Contact: *</c> with <c>Expires: 0</c>: remove every binding.</summary>
    public bool IsWildcard { get; init; }

    /// <summary>The contacts to add, refresh or remove; empty for a query or a wildcard.</summary>
    public required IReadOnlyList<SipRegisterContact> Contacts { get; init; }

    /// <summary>Where the REGISTER came from: the flow requests to the phone take.</summary>
    public required SipEndPoint Flow { get; init; }

    /// <summary>Path values (RFC 3327), top first; empty when none or when the phone does not support path.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    public string? UserAgent { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required int MaxContacts { get; init; }

    /// <summary>No Contact at all: the phone asks which bindings exist (RFC 3261 §10.2.3).</summary>
    public bool IsQuery => !IsWildcard && Contacts.Count == 0;
}
