using System.Net;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// <summary>
/// A <see cref="SipEndPoint"/> as plain values (transport, address bytes, port, scope, connection), so a compact table's
/// entries hold no object the GC must follow; the end point is built again only when a lingering state sends or passes
/// something on.
/// </summary>
internal readonly struct SipCompactRemote
{
    private readonly UInt128 _address;
    private readonly long _scopeId;
    private readonly long _connectionId;
    private readonly ushort _port;
    private readonly SipTransportKind _transport;
    private readonly bool _isV6;
    private readonly bool _hasConnection;

    public SipCompactRemote(SipEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        _transport = remote.Transport;
        _port = (ushort)remote.EndPoint.Port;
        var address = remote.EndPoint.Address;
        _isV6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        _scopeId = _isV6 ? address.ScopeId : 0;
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        address.TryWriteBytes(bytes, out _);
        _address = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        _hasConnection = remote.ConnectionId is not null;
        _connectionId = remote.ConnectionId ?? 0;
    }

    public SipEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, _address);
        var address = _isV6 ? new IPAddress(bytes, _scopeId) : new IPAddress(bytes[..4]);
        return new SipEndPoint(_transport, new IPEndPoint(address, _port), _hasConnection ? _connectionId : null);
    }
}
