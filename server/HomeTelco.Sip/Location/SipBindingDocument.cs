using System.Net;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Location;

/// <summary>
/// A binding as the <c>sip_bindings</c> collection stores it. Only plain fields: the flow is split into transport
/// name, address text and port, because endpoints and parsed URIs do not round-trip through BSON.
/// </summary>
internal sealed class SipBindingDocument
{
    public long Id { get; set; }

    public string Number { get; set; } = "";

    public string Contact { get; set; } = "";

    public double Q { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset RefreshedAt { get; set; }

    public string CallId { get; set; } = "";

    public long CSeq { get; set; }

    /// <summary>The <see cref="SipTransportKind"/> name ("Udp", "Tcp", ...).</summary>
    public string Transport { get; set; } = "";

    public string Address { get; set; } = "";

    public int Port { get; set; }

    /// <summary>The stream connection the REGISTER came over; meaningless after a restart, so dropped on load.</summary>
    public long? ConnectionId { get; set; }

    public List<string> Path { get; set; } = [];

    public string? UserAgent { get; set; }

    public bool BehindNat { get; set; }

    public string? InstanceId { get; set; }

    public int? RegId { get; set; }

    public static SipBindingDocument From(SipBinding binding) => new()
    {
        Id = binding.Id,
        Number = binding.Number,
        Contact = binding.Contact,
        Q = binding.Q,
        ExpiresAt = binding.ExpiresAt,
        RefreshedAt = binding.RefreshedAt,
        CallId = binding.CallId,
        CSeq = binding.CSeq,
        Transport = binding.Flow.Transport.ToString(),
        Address = binding.Flow.EndPoint.Address.ToString(),
        Port = binding.Flow.EndPoint.Port,
        ConnectionId = binding.Flow.ConnectionId,
        Path = [.. binding.Path],
        UserAgent = binding.UserAgent,
        BehindNat = binding.BehindNat,
        InstanceId = binding.InstanceId,
        RegId = binding.RegId,
    };

    /// <summary>
    /// The binding this document describes after a restart: any stream connection is gone, so the flow keeps its
    /// address and loses its connection id. Null when a field no longer makes sense (a transport this build lacks).
    /// </summary>
    public SipBinding? ToBinding()
    {
        if (!Enum.TryParse<SipTransportKind>(Transport, ignoreCase: false, out var transport)
            || !IPAddress.TryParse(Address, out var address)
            || Port is < 1 or > 65535
            || CSeq is < 0 or > uint.MaxValue
            || string.IsNullOrEmpty(Number) || string.IsNullOrEmpty(Contact))
        {
            return null;
        }

        var contactUri = Uris.SipUriParser.Parse(System.Text.Encoding.UTF8.GetBytes(Contact));
        return new SipBinding(
            Number,
            Contact,
            (float)Q,
            ExpiresAt,
            CallId,
            (uint)CSeq,
            new SipEndPoint(transport, new IPEndPoint(address, Port)),
            Path ?? [],
            UserAgent,
            BehindNat,
            InstanceId,
            RegId)
        {
            Id = Id,
            RefreshedAt = RefreshedAt,
            ContactUri = contactUri.IsSuccess ? contactUri.Value : null,
        };
    }
}
