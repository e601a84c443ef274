namespace HomeTelco.Sip.Transport;

/// <summary>What <see cref="SipStreamFramer"/> found at the start of a stream's buffer.</summary>
internal enum SipFrameStatus
{
    /// <summary>The message is not all there yet.</summary>
    NeedMore,

    /// <summary>A message of the returned length is all there: parse exactly those bytes.</summary>
    Frame,

    /// <summary>The framer cannot tell (no, several or an odd Content-Length): let the parser judge the whole buffer.</summary>
    ParseAll,

    /// <summary>The header section alone is over the size limit: close the connection.</summary>
    TooLarge,
}
