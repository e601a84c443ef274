namespace HomeTelco.Sip.Transport;

/// <summary>A stream connection has closed: flows bound to it (RFC 5626 §5.2, a registration's connection) are gone.</summary>
internal sealed class SipConnectionClosedEventArgs(SipTransportKind transport, long connectionId, string reason) : EventArgs
{
    public SipTransportKind Transport { get; } = transport;

    public long ConnectionId { get; } = connectionId;

    /// <summary>Why it closed (peer closed, idle, too slow, error, shutting down), for logs.</summary>
    public string Reason { get; } = reason;
}
