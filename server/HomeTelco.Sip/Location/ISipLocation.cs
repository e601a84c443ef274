namespace HomeTelco.Sip.Location;

/// <summary>The location service as the proxy reads it: where an extension's phones are now.</summary>
internal interface ISipLocation
{
    /// <summary>Unexpired bindings of <paramref name="number"/>, highest q first; empty when none.</summary>
    IReadOnlyList<SipBinding> Lookup(string number);
}
