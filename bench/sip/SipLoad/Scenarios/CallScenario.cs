using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using SipLoad.Measure;
using SipLoad.Phones;
using SipLoad.Sip;

namespace SipLoad.Scenarios;

/// <summary>
/// Each operation is one call between two registered phones through the target: INVITE → 407 → ACK, INVITE with
/// Proxy-Authorization → 100/180/200 (the callee answers at once) → ACK, then BYE → 200, ACK and BYE sent along
/// the route set the 200's Record-Route gave. Phone 2k calls phone 2k+1. Latency is first INVITE sent → 200
/// received; BYE sent → 200 received is kept apart.
/// </summary>
internal sealed class CallScenario : IScenario
{
    private const int MaxRoutes = 4;

    private readonly ScenarioContext _context;
    private readonly CalleeResponder _callee;
    private readonly Session?[] _callers;
    private readonly byte[][] _sdp;
    private readonly ConcurrentQueue<Session> _idle = new();
    private int _inFlight;

    public CallScenario(ScenarioContext context, IReadOnlyList<Phone> phones, TimeSpan timeout)
    {
        _context = context;
        _callee = new CalleeResponder(context);
        Counters = new OpCounters(timeout);
        _callers = new Session?[phones.Count];
        _sdp = new byte[phones.Count][];
        foreach (var phone in phones)
        {
            _sdp[phone.Index] = Sdp(phone);
        }

        for (var i = 0; i + 1 < phones.Count; i += 2)
        {
            var caller = phones[i];
            var callee = phones[i + 1];
            var session = new Session(caller, callee, new DigestClient(caller.Number, caller.Password, $"c{caller.Index}{Encoding.ASCII.GetString(context.RunId)}"),
                Encoding.ASCII.GetBytes($"sip:{callee.Number}@{Encoding.ASCII.GetString(context.TargetHostPort)}"));
            _callers[i] = session;
            _idle.Enqueue(session);
        }
    }

    public OpCounters Counters { get; set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool TryStart(long now)
    {
        if (!_idle.TryDequeue(out var session))
        {
            return false;
        }

        lock (session.Gate)
        {
            session.Call++;
            session.State = CallState.Inviting;
            session.StartedAt = now;
            session.Counters = Counters;
            session.Counters.OnStarted();
            session.To.Clear();
            session.RemoteTarget.Clear();
            session.RouteCount = 0;
            Interlocked.Increment(ref _inFlight);
            SetCallId(session);
            SendInvite(session, withCredentials: false);
        }

        return true;
    }

    public void Sweep(long now)
    {
        foreach (var session in _callers)
        {
            // Unlocked first look (a stale read only delays the timeout to the next sweep); checked again under the lock.
            if (session is null || session.State == CallState.Idle
                || now - Volatile.Read(ref session.StartedAt) < _context.TimeoutTimestamp)
            {
                continue;
            }

            lock (session.Gate)
            {
                if (session.State != CallState.Idle && now - session.StartedAt >= _context.TimeoutTimestamp)
                {
                    session.Counters.OnTimedOut(session.State == CallState.Hanging ? "BYE timed out" : "INVITE timed out");
                    Finish(session);
                }
            }
        }
    }

    public void OnDatagram(Phone phone, ReadOnlySpan<byte> datagram)
    {
        var reader = new SipHeaderReader(datagram);
        if (!SipText.TryStatus(reader.StartLine, out var status))
        {
            if (_callers[phone.Index] is null)
            {
                _callee.OnRequest(phone, reader.StartLine, ref reader, _sdp[phone.Index]);
            }

            return;
        }

        var session = _callers[phone.Index];
        if (session is null)
        {
            return;
        }

        OnResponse(session, status, ref reader);
    }

    private void OnResponse(Session session, int status, ref SipHeaderReader reader)
    {
        long cseq = -1;
        ReadOnlySpan<byte> method = [], callId = [], to = [], contact = [];
        DigestChallenge challenge = default;
        var hasChallenge = false;
        Span<(int Start, int Length)> routeRanges = stackalloc (int, int)[MaxRoutes];
        var routeCount = 0;
        scoped ReadOnlySpan<byte> routeSource = [];
        Span<byte> routeValues = stackalloc byte[1024];
        var routeWriter = new SipWriter(routeValues);
        while (reader.Next(out var name, out var value, out _))
        {
            if (SipText.IsHeader(name, "CSeq"u8))
            {
                SipText.TryCSeq(value, out cseq, out method);
            }
            else if (SipText.IsHeader(name, "Call-ID"u8, (byte)'i'))
            {
                callId = value;
            }
            else if (SipText.IsHeader(name, "To"u8, (byte)'t'))
            {
                to = value;
            }
            else if (SipText.IsHeader(name, "Contact"u8, (byte)'m'))
            {
                contact = SipText.UriOf(value);
            }
            else if (SipText.IsHeader(name, "Record-Route"u8) && status is >= 200 and < 300)
            {
                // Entries of every Record-Route header, in order, gathered into one buffer as "a,b,c".
                if (routeWriter.Length > 0)
                {
                    routeWriter.Append(","u8);
                }

                if (routeWriter.Length + value.Length < routeValues.Length)
                {
                    routeWriter.Append(value);
                }
            }
            else if (!hasChallenge && (SipText.IsHeader(name, "Proxy-Authenticate"u8) || SipText.IsHeader(name, "WWW-Authenticate"u8))
                && DigestChallenge.TryParse(value, out var parsed) && parsed.IsMd5)
            {
                challenge = parsed;
                hasChallenge = true;
            }
        }

        if (routeWriter.Length > 0)
        {
            routeSource = routeValues[..routeWriter.Length];
            routeCount = SipText.SplitAddresses(routeSource, routeRanges);
        }

        var now = Stopwatch.GetTimestamp();
        lock (session.Gate)
        {
            if (session.State == CallState.Idle || !callId.SequenceEqual(session.CallId.Span) || status < 200)
            {
                return; // another call's late answer, or a provisional response
            }

            var isInvite = method.SequenceEqual("INVITE"u8);
            if (isInvite && cseq == 1 && session.State == CallState.Inviting)
            {
                SendAck(session, cseq, to, toRemoteTarget: false);
                if (status is 401 or 407 && hasChallenge && session.Auth.Take(challenge))
                {
                    session.ChallengeHeader = status == 401 ? "Authorization" : "Proxy-Authorization";
                    session.State = CallState.InvitingWithCredentials;
                    SendInvite(session, withCredentials: true);
                }
                else if (status is >= 200 and < 300)
                {
                    Fail(session, "INVITE accepted without authentication");
                }
                else
                {
                    Fail(session, $"INVITE answered {status}", status);
                }
            }
            else if (isInvite && cseq == 2 && session.State == CallState.InvitingWithCredentials)
            {
                if (status >= 300)
                {
                    SendAck(session, cseq, to, toRemoteTarget: false);
                    Fail(session, $"INVITE with credentials answered {status}", status);
                    return;
                }

                session.Counters.Latency.Record(now - session.StartedAt);
                if (!session.To.Set(to) || !session.RemoteTarget.Set(contact) || contact.IsEmpty)
                {
                    Fail(session, "200 to INVITE without a usable To or Contact");
                    return;
                }

                // The caller's route set is the Record-Route list in reverse (RFC 3261 §12.1.2).
                session.RouteCount = 0;
                for (var i = routeCount - 1; i >= 0 && session.RouteCount < MaxRoutes; i--)
                {
                    var (start, length) = routeRanges[i];
                    session.Routes[session.RouteCount++].Set(routeSource.Slice(start, length));
                }

                SendAck(session, cseq, session.To.Span, toRemoteTarget: true);
                session.State = CallState.Hanging;
                session.ByeSentAt = Stopwatch.GetTimestamp();
                SendBye(session);
            }
            else if (method.SequenceEqual("BYE"u8) && cseq == 3 && session.State == CallState.Hanging)
            {
                if (status >= 300)
                {
                    Fail(session, $"BYE answered {status}", status);
                    return;
                }

                session.Counters.Teardown.Record(now - session.ByeSentAt);
                session.Counters.OnCompleted();
                Finish(session);
            }
        }
    }

    private void Fail(Session session, string why, int status = 0)
    {
        session.Counters.OnFailed(why, status);
        Finish(session);
    }

    private void Finish(Session session)
    {
        session.State = CallState.Idle;
        Interlocked.Decrement(ref _inFlight);
        _idle.Enqueue(session);
    }

    private void SetCallId(Session session)
    {
        Span<byte> buffer = stackalloc byte[96];
        var w = new SipWriter(buffer);
        w.Append("c"u8);
        w.Append(_context.RunId);
        w.Append("-"u8);
        w.Append(session.Caller.Index);
        w.Append("-"u8);
        w.Append(session.Call);
        w.Append("@"u8);
        w.Append(_context.Domain);
        session.CallId.Set(w.Written);
    }

    private void SendInvite(Session session, bool withCredentials)
    {
        var caller = session.Caller;
        var cseq = withCredentials ? 2 : 1;
        var sdp = _sdp[caller.Index];
        Span<byte> buffer = stackalloc byte[4096];
        var w = new SipWriter(buffer);
        w.Append("INVITE "u8);
        w.Append(session.CalleeUri);
        w.Append(" SIP/2.0\r\n"u8);
        WriteVia(ref w, session, cseq);
        w.Append("Max-Forwards: 70\r\n"u8);
        WriteFrom(ref w, session);
        w.Append("To: <sip:"u8);
        w.Append(session.Callee.NumberBytes);
        w.Append("@"u8);
        w.Append(_context.Domain);
        w.Append(">\r\n"u8);
        WriteCallId(ref w, session);
        w.Append("CSeq: "u8);
        w.Append(cseq);
        w.Append(" INVITE\r\nContact: <sip:"u8);
        w.Append(caller.NumberBytes);
        w.Append("@"u8);
        w.Append(caller.HostPort);
        w.Append(">\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n"u8);
        if (withCredentials)
        {
            session.Auth.WriteHeader(ref w, session.ChallengeHeader, "INVITE", session.CalleeUri);
        }

        w.Append("User-Agent: SipLoad\r\nContent-Type: application/sdp\r\nContent-Length: "u8);
        w.Append(sdp.Length);
        w.Append("\r\n\r\n"u8);
        w.Append(sdp);
        Send(session, w.Written);
    }

    /// <summary>
    /// ACK for a non-2xx answer reuses the INVITE's branch and Request-URI (§17.1.1.3); ACK for a 2xx is a new
    /// transaction to the remote target along the route set (§13.2.2.4).
    /// </summary>
    private void SendAck(Session session, long cseq, ReadOnlySpan<byte> to, bool toRemoteTarget)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var w = new SipWriter(buffer);
        w.Append("ACK "u8);
        w.Append(toRemoteTarget ? session.RemoteTarget.Span : session.CalleeUri);
        w.Append(" SIP/2.0\r\n"u8);
        WriteVia(ref w, session, toRemoteTarget ? 10 + cseq : cseq);
        if (toRemoteTarget)
        {
            WriteRoutes(ref w, session);
        }

        w.Append("Max-Forwards: 70\r\n"u8);
        WriteFrom(ref w, session);
        w.Append("To: "u8);
        w.Append(to);
        w.Crlf();
        WriteCallId(ref w, session);
        w.Append("CSeq: "u8);
        w.Append(cseq);
        w.Append(" ACK\r\nContent-Length: 0\r\n\r\n"u8);
        Send(session, w.Written);
    }

    private void SendBye(Session session)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var w = new SipWriter(buffer);
        w.Append("BYE "u8);
        w.Append(session.RemoteTarget.Span);
        w.Append(" SIP/2.0\r\n"u8);
        WriteVia(ref w, session, 3);
        WriteRoutes(ref w, session);
        w.Append("Max-Forwards: 70\r\n"u8);
        WriteFrom(ref w, session);
        w.Append("To: "u8);
        w.Append(session.To.Span);
        w.Crlf();
        WriteCallId(ref w, session);
        w.Append("CSeq: 3 BYE\r\nUser-Agent: SipLoad\r\nContent-Length: 0\r\n\r\n"u8);
        Send(session, w.Written);
    }

    // A failed send (the target gone) is left to the timeout, so one place ends operations that got no answer.
    private static void Send(Session session, ReadOnlySpan<byte> message) => session.Caller.Send(message);

    private void WriteVia(ref SipWriter w, Session session, long transaction)
    {
        w.Append("Via: SIP/2.0/UDP "u8);
        w.Append(session.Caller.HostPort);
        w.Append(";rport;branch=z9hG4bK"u8);
        w.Append(_context.RunId);
        w.Append("c"u8);
        w.Append(session.Caller.Index);
        w.Append("n"u8);
        w.Append(session.Call);
        w.Append("t"u8);
        w.Append(transaction);
        w.Crlf();
    }

    private static void WriteRoutes(ref SipWriter w, Session session)
    {
        for (var i = 0; i < session.RouteCount; i++)
        {
            w.Append("Route: "u8);
            w.Append(session.Routes[i].Span);
            w.Crlf();
        }
    }

    private void WriteFrom(ref SipWriter w, Session session)
    {
        w.Append("From: <sip:"u8);
        w.Append(session.Caller.NumberBytes);
        w.Append("@"u8);
        w.Append(_context.Domain);
        w.Append(">;tag=f"u8);
        w.Append(session.Call);
        w.Append("x"u8);
        w.Append(_context.RunId);
        w.Crlf();
    }

    private static void WriteCallId(ref SipWriter w, Session session)
    {
        w.Append("Call-ID: "u8);
        w.Append(session.CallId.Span);
        w.Crlf();
    }

    private static byte[] Sdp(Phone phone)
    {
        var address = phone.LocalEndPoint.Address.ToString();
        var mediaPort = 20000 + (2 * phone.Index);
        return Encoding.ASCII.GetBytes(
            $"v=0\r\no=- {phone.Index} 1 IN IP4 {address}\r\ns=SipLoad\r\nc=IN IP4 {address}\r\nt=0 0\r\n" +
            $"m=audio {mediaPort} RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n");
    }

    private enum CallState
    {
        Idle,
        Inviting,
        InvitingWithCredentials,
        Hanging,
    }

    /// <summary>One caller and its callee; fields are guarded by <see cref="Gate"/>.</summary>
    private sealed class Session
    {
        public readonly Lock Gate = new();
        public readonly Phone Caller;
        public readonly Phone Callee;
        public readonly DigestClient Auth;
        public readonly byte[] CalleeUri;
        public readonly ByteSlot CallId = new(128);
        public readonly ByteSlot To = new(512);
        public readonly ByteSlot RemoteTarget = new(256);
        public readonly ByteSlot[] Routes = [new(256), new(256), new(256), new(256)];
        public OpCounters Counters = null!;
        public string ChallengeHeader = "Proxy-Authorization";
        public CallState State;
        public long Call;
        public long StartedAt;
        public long ByeSentAt;
        public int RouteCount;

        public Session(Phone caller, Phone callee, DigestClient auth, byte[] calleeUri)
        {
            Caller = caller;
            Callee = callee;
            Auth = auth;
            CalleeUri = calleeUri;
        }
    }
}
