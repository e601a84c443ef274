using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Location;

/// <summary>
/// One registered contact of an extension (RFC 3261 §10.3): where to send its calls. <paramref name="Flow"/> is where the
/// REGISTER came from (transport, observed address, connection): requests go there, not to <paramref name="Contact"/>,
/// when the phone is behind NAT (RFC 5626 §5.3 and the usual practice for phones without outbound).
/// </summary>
/// <param name="Number">The extension (address of record's user part).</param>
/// <param name="Contact">The contact URI exactly as the phone sent it (without header parameters).</param>
/// <param name="Q">Preference 0..1 (RFC 3261 §20.10); higher first.</param>
/// <param name="ExpiresAt">When the binding lapses.</param>
/// <param name="CallId">Call-ID of the REGISTER that made it (§10.3 step 7 ordering).</param>
/// <param name="CSeq">CSeq number of that REGISTER.</param>
/// <param name="Flow">Transport, observed source and connection of the REGISTER.</param>
/// <param name="Path">Path header values, top first (RFC 3327), for routing requests to the contact.</param>
/// <param name="UserAgent">User-Agent of the phone.</param>
/// <param name="BehindNat">True when the contact's host/port differ from the observed source.</param>
/// <param name="InstanceId">+sip.instance (RFC 5626), if given.</param>
/// <param name="RegId">reg-id (RFC 5626), if given.</param>
internal sealed record SipBinding(
    string Number,
    string Contact,
    float Q,
    DateTimeOffset ExpiresAt,
    string CallId,
    uint CSeq,
    SipEndPoint Flow,
    IReadOnlyList<string> Path,
    string? UserAgent,
    bool BehindNat,
    string? InstanceId,
    int? RegId)
{
    /// <summary>The location service's key for the binding (and its stored document); 0 until it is first stored.</summary>
    public long Id { get; init; }

    /// <summary>When the phone last registered or refreshed this contact (the oldest is dropped when an extension has too many).</summary>
    public DateTimeOffset RefreshedAt { get; init; }

    /// <summary><see cref="Contact"/> parsed, when known; the registrar compares contacts by RFC 3261 §19.1.4 equivalence.</summary>
    public SipUri? ContactUri { get; init; }

    /// <summary>True for an RFC 5626 registration: the flow, not the contact, is how the phone is reached.</summary>
    public bool IsOutbound => InstanceId is not null && RegId is not null;
}
