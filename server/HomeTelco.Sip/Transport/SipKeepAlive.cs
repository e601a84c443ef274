using System.Net;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// Server keep-alives for phones behind NAT on UDP: every interval, one CRLFCRLF datagram from the SIP port to each NAT'd
/// UDP flow the source names (the location service's registrations), so the NAT keeps the mapping the box answers
/// through. A CRLFCRLF rather than an OPTIONS request: it is four bytes, needs no transaction (nothing in the table,
/// nothing to time out), and every phone drops it unanswered (RFC 3261 §7.5); an OPTIONS would also prove the phone
/// alive, but doubles the traffic, costs a transaction per phone per round, and some phones challenge or log it.
/// Phones that keep their own flow alive (RFC 5626 STUN or CRLF) simply get one more packet. TCP, TLS and WebSocket flows
/// are kept by their clients' pings and the connection itself.
/// </summary>
internal sealed class SipKeepAlive(SipUdpTransport udp, Func<IEnumerable<SipEndPoint>> flows, TimeSpan interval, TimeProvider time, ILogger logger) : IDisposable
{
    /// <summary>Most flows pinged in one round, so a runaway source cannot make the box flood.</summary>
    public const int MaxFlows = 4096;

    private ITimer? _timer;
    private int _running;
    private long _sent;

    /// <summary>Keep-alive datagrams sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Starts the rounds (none when the interval is zero).</summary>
    public void Start()
    {
        if (interval > TimeSpan.Zero)
        {
            _timer ??= time.CreateTimer(static state => ((SipKeepAlive)state!).SendRound(), this, interval, interval);
        }
    }

    /// <summary>One round: a ping to each distinct UDP flow; returns how many went out. Called by the timer.</summary>
    public int SendRound()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return 0;
        }

        var sent = 0;
        try
        {
            var seen = new HashSet<IPEndPoint>();
            var given = 0;
            foreach (var flow in flows())
            {
                if (flow.Transport != SipTransportKind.Udp)
                {
                    continue;
                }

                if (++given > MaxFlows)
                {
                    Log.KeepAliveFlowsTruncated(logger, MaxFlows);
                    break;
                }

                if (seen.Add(flow.EndPoint) && udp.Send(SipKeepAliveBytes.Ping, flow.EndPoint))
                {
                    sent++;
                }
            }
        }
        catch (Exception ex)
        {
            // The source is another component's; its failure costs one round, not the timer.
            Log.KeepAliveSourceFailed(logger, ex);
        }
        finally
        {
            Interlocked.Add(ref _sent, sent);
            Volatile.Write(ref _running, 0);
        }

        return sent;
    }

    public void Dispose() => _timer?.Dispose();
}
