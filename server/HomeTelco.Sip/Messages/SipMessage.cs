using System.Text;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Messages;

/// A SIP request or response: start line, header fields in order, body bytes. Parsed messages keep slices of the
/// receive buffer, so the buffer must outlive the message (transports hand each datagram its own array).
internal sealed class SipMessage
{
    public const string Version20 = "SIP/2.0";

    private SipMessage(bool isRequest, string method, ReadOnlyMemory<byte> rawRequestUri, SipUri? requestUri, string version, int statusCode, string reasonPhrase, SipHeaderCollection headers, ReadOnlyMemory<byte> body)
    {
        IsRequest = isRequest;
        Method = method;
        RawRequestUri = rawRequestUri;
        RequestUri = requestUri;
        Version = version;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Body = body;
    }

    public bool IsRequest { get; }

    /// The request method (case-sensitive, RFC 3261 §7.1); empty for responses.
    public string Method { get; }

    /// The Request-URI exactly as received or given; empty for responses.
    public ReadOnlyMemory<byte> RawRequestUri { get; }

    /// The parsed Request-URI; null for responses and for partial messages whose start line failed.
    public SipUri? RequestUri { get; }

    public string Version { get; }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public SipHeaderCollection Headers { get; }

    public ReadOnlyMemory<byte> Body { get; set; }

    public static SipMessage CreateRequest(string method, SipUri requestUri, SipHeaderCollection? headers = null) =>
        new(true, method, Encoding.UTF8.GetBytes(requestUri.ToString()), requestUri, Version20, 0, string.Empty, headers ?? new SipHeaderCollection(), ReadOnlyMemory<byte>.Empty);

    public static SipMessage CreateResponse(int statusCode, string reasonPhrase, SipHeaderCollection? headers = null) =>
        new(false, string.Empty, ReadOnlyMemory<byte>.Empty, null, Version20, statusCode, reasonPhrase, headers ?? new SipHeaderCollection(), ReadOnlyMemory<byte>.Empty);

    internal static SipMessage FromParsedRequest(string method, ReadOnlyMemory<byte> rawUri, SipUri? uri, string version, SipHeaderCollection headers, ReadOnlyMemory<byte> body) =>
        new(true, method, rawUri, uri, version, 0, string.Empty, headers, body);

    internal static SipMessage FromParsedResponse(string version, int statusCode, string reasonPhrase, SipHeaderCollection headers, ReadOnlyMemory<byte> body) =>
        new(false, string.Empty, ReadOnlyMemory<byte>.Empty, null, version, statusCode, reasonPhrase, headers, body);

    public override string ToString() => IsRequest
        ? $"{Method} {Encoding.UTF8.GetString(RawRequestUri.Span)} {Version}"
        : $"{Version} {StatusCode} {ReasonPhrase}";
}
