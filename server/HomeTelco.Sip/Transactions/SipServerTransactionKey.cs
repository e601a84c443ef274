namespace HomeTelco.Sip.Transactions;

/// RFC 3261 §17.2.3 for branches with the magic cookie: branch, sent-by and method, with ACK counted as INVITE. The
/// branch is compared exactly (it is an opaque token), the sent-by host without regard to case.
internal readonly struct SipServerTransactionKey : IEquatable<SipServerTransactionKey>
{
    public SipServerTransactionKey(string branch, string sentByHost, int sentByPort, string method)
    {
        Branch = branch;
        SentByHost = sentByHost;
        SentByPort = sentByPort;
        Method = method;
    }

    public string Branch { get; }

    public string SentByHost { get; }

    /// 0 when the Via carries no port: the client repeats its Via verbatim, so absent matches only absent.
    public int SentByPort { get; }

    public string Method { get; }

    public static bool operator ==(SipServerTransactionKey left, SipServerTransactionKey right) => left.Equals(right);

    public static bool operator !=(SipServerTransactionKey left, SipServerTransactionKey right) => !left.Equals(right);

    public bool Equals(SipServerTransactionKey other) =>
        string.Equals(Branch, other.Branch, StringComparison.Ordinal)
        && SentByPort == other.SentByPort
        && string.Equals(Method, other.Method, StringComparison.Ordinal)
        && string.Equals(SentByHost, other.SentByHost, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is SipServerTransactionKey other && Equals(other);

    public override int GetHashCode() =>
        HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(Branch),
            SentByPort,
            StringComparer.Ordinal.GetHashCode(Method),
            StringComparer.OrdinalIgnoreCase.GetHashCode(SentByHost));
}
