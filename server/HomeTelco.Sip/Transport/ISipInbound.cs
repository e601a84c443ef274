namespace HomeTelco.Sip.Transport;

/// <summary>What the transports hand complete, framed bytes to (the engine's front door).</summary>
internal interface ISipInbound
{
    /// <summary>One parsed message or parse failure from <paramref name="source"/>; called on the transport's own loop.</summary>
    ValueTask OnMessageAsync(HomeTelco.Sip.Parsing.SipParseResult result, SipEndPoint source, CancellationToken cancellationToken);
}
