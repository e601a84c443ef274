using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Proxy;
using HomeTelco.Sip.Registrar;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Engine;

/// <summary>
/// The engine's transaction layers, several side by side so that more than one core can work on SIP. Each lane is a
/// whole <see cref="SipTransactionLayer"/> with its own table lock, timers and proxy; a message goes to the lane its
/// Call-ID hashes to. Every message of a call (both legs of the proxy, CANCEL, ACK, BYE, their responses) and every
/// refresh of a registration carries the same Call-ID, so each transaction and each proxied call lives in exactly one
/// lane and the lanes share nothing but thread-safe services (location, authenticator, guard, call log, sender).
/// </summary>
internal sealed class SipLanes : IDisposable
{
    private readonly SipTransactionLayer[] _layers;

    /// <param name="count">How many lanes (at least one).</param>
    /// <param name="options">The table bounds for the whole engine; each lane gets its share.</param>
    /// <param name="createLayer">Builds one lane's layer from its share of the options.</param>
    public SipLanes(int count, SipTransactionOptions options, Func<SipTransactionOptions, SipTransactionLayer> createLayer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createLayer);
        var share = options with
        {
            MaxTransactions = Share(options.MaxTransactions, count),
            MaxCompletedTransactions = Share(options.MaxCompletedTransactions, count),
        };
        _layers = new SipTransactionLayer[count];
        for (var i = 0; i < count; i++)
        {
            _layers[i] = createLayer(share);
        }
    }

    /// <summary>Lanes for a box with <paramref name="cores"/> cores: two per core, so two receive threads seldom want the same lock, and at most eight.</summary>
    public static int ForCores(int cores) => Math.Clamp(cores * 2, 1, 8);

    /// <summary>Builds the lanes of an engine: one proxy and one core per lane around the shared registrar.</summary>
    public static SipLanes Create(int count, SipTransactionOptions options, ISipTransactionTransport transport, SipRegistrar registrar, SipDomains domains, Func<SipProxy> createProxy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(createProxy);
        return new SipLanes(count, options, share =>
        {
            var proxy = createProxy();
            var core = new SipCore(registrar, proxy, domains);
            var layer = new SipTransactionLayer(transport, core, time, share);
            core.Layer = layer;
            proxy.Layer = layer;
            return layer;
        });
    }

    /// <summary>The lane a message belongs to: by its Call-ID, compared as bytes (Call-IDs are case-sensitive, §20.8).</summary>
    public SipTransactionLayer For(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_layers.Length == 1 || !message.Headers.TryGetFirst(SipHeaderKind.CallId, out var callId))
        {
            // Without a Call-ID the validator refuses the message; any lane can say so.
            return _layers[0];
        }

        // HashCode is seeded per process, so a caller cannot choose Call-IDs that all land in one lane.
        var hash = new HashCode();
        hash.AddBytes(callId.RawValue.Span.Trim(" \t"u8));
        return _layers[(uint)hash.ToHashCode() % (uint)_layers.Length];
    }

    /// <summary>A request the transport could not send goes to the lane whose client transaction sent it.</summary>
    public void ReportSendFailure(SipMessage message) => For(message).ReportSendFailure(message);

    public void Dispose()
    {
        foreach (var layer in _layers)
        {
            layer.Dispose();
        }
    }

    // Rounded up, and never so small that one lane's table is useless.
    private static int Share(int total, int count) => Math.Max(Math.Min(total, 64), (total + count - 1) / count);
}
