using System.Collections.Concurrent;
using System.Diagnostics;
using SipLoad.Measure;
using SipLoad.Phones;
using SipLoad.Sip;

namespace SipLoad.Scenarios;

/// <summary>
/// Each operation is one registration answered 200: REGISTER with credentials for the nonce the phone holds
/// (nc incremented), or, without a nonce or when the server re-challenges (stale, nc too high), REGISTER → 401 →
/// REGISTER with credentials. Latency runs from the first REGISTER of the operation to the 200.
/// </summary>
internal sealed class RegisterScenario : IScenario
{
    private const int MaxChallengesPerOperation = 2;

    private readonly ScenarioContext _context;
    private readonly Session[] _sessions;
    private readonly ConcurrentQueue<Session> _idle = new();
    private int _inFlight;

    public RegisterScenario(ScenarioContext context, IReadOnlyList<Phone> phones, int expiresSeconds, TimeSpan timeout)
    {
        _context = context;
        ExpiresSeconds = expiresSeconds;
        Counters = new OpCounters(timeout);
        _sessions = new Session[phones.Count];
        foreach (var phone in phones)
        {
            var session = new Session(phone, new DigestClient(phone.Number, phone.Password, $"r{phone.Index}{System.Text.Encoding.ASCII.GetString(context.RunId)}"));
            _sessions[phone.Index] = session;
            _idle.Enqueue(session);
        }
    }

    public OpCounters Counters { get; set; }

    /// <summary>What the next REGISTERs ask for; 0 removes the phone's binding (a phone switched off unregisters).</summary>
    public int ExpiresSeconds { get; set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Phones whose last registration succeeded.</summary>
    public int Registered => _sessions.Count(s => s.Registered);

    public bool TryStart(long now)
    {
        if (!_idle.TryDequeue(out var session))
        {
            return false;
        }

        lock (session.Gate)
        {
            session.Busy = true;
            session.StartedAt = now;
            session.Challenges = 0;
            session.Counters = Counters;
            session.Counters.OnStarted();
            Interlocked.Increment(ref _inFlight);
            SendRegister(session);
        }

        return true;
    }

    public void Sweep(long now)
    {
        foreach (var session in _sessions)
        {
            if (!Volatile.Read(ref session.Busy) || now - Volatile.Read(ref session.StartedAt) < _context.TimeoutTimestamp)
            {
                continue;
            }

            lock (session.Gate)
            {
                if (session.Busy && now - session.StartedAt >= _context.TimeoutTimestamp)
                {
                    session.Counters.OnTimedOut("REGISTER timed out");
                    // The nonce may be what the server no longer likes; start the next registration from a challenge.
                    session.Auth.Forget();
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
            return; // a request to a phone that only registers: nothing to answer in this benchmark
        }

        long cseq = -1;
        var isRegister = false;
        DigestChallenge challenge = default;
        var hasChallenge = false;
        while (reader.Next(out var name, out var value, out _))
        {
            if (SipText.IsHeader(name, "CSeq"u8))
            {
                isRegister = SipText.TryCSeq(value, out cseq, out var method) && method.SequenceEqual("REGISTER"u8);
            }
            else if (!hasChallenge && SipText.IsHeader(name, "WWW-Authenticate"u8) && DigestChallenge.TryParse(value, out var parsed) && parsed.IsMd5)
            {
                challenge = parsed;
                hasChallenge = true;
            }
        }

        var session = _sessions[phone.Index];
        var now = Stopwatch.GetTimestamp();
        lock (session.Gate)
        {
            if (!session.Busy || !isRegister || cseq != session.CSeq || status < 200)
            {
                return; // late, duplicated or provisional
            }

            if (status is >= 200 and < 300)
            {
                session.Counters.Latency.Record(now - session.StartedAt);
                session.Counters.OnCompleted();
                session.Registered = true;
                Finish(session);
            }
            else if (status == 401 && hasChallenge && session.Challenges < MaxChallengesPerOperation)
            {
                if (session.Auth.HasNonce)
                {
                    session.Counters.OnRechallenged();
                }

                session.Challenges++;
                if (!session.Auth.Take(challenge))
                {
                    Fail(session, "challenge too large to answer");
                    return;
                }

                SendRegister(session);
            }
            else
            {
                session.Auth.Forget();
                Fail(session, $"REGISTER answered {status}", status);
            }
        }
    }

    private void Fail(Session session, string why, int status = 0)
    {
        session.Counters.OnFailed(why, status);
        session.Registered = false;
        Finish(session);
    }

    private void Finish(Session session)
    {
        session.Busy = false;
        Interlocked.Decrement(ref _inFlight);
        _idle.Enqueue(session);
    }

    private void SendRegister(Session session)
    {
        var phone = session.Phone;
        session.CSeq++;
        Span<byte> buffer = stackalloc byte[2048];
        var w = new SipWriter(buffer);
        w.Append("REGISTER sip:"u8);
        w.Append(_context.TargetHostPort);
        w.Append(" SIP/2.0\r\nVia: SIP/2.0/UDP "u8);
        w.Append(phone.HostPort);
        w.Append(";rport;branch=z9hG4bK"u8);
        w.Append(_context.RunId);
        w.Append("r"u8);
        w.Append(phone.Index);
        w.Append("c"u8);
        w.Append(session.CSeq);
        w.Append("\r\nMax-Forwards: 70\r\nFrom: <sip:"u8);
        WriteAor(ref w, phone);
        w.Append(">;tag=r"u8);
        w.Append(phone.Index);
        w.Append("\r\nTo: <sip:"u8);
        WriteAor(ref w, phone);
        w.Append(">\r\nCall-ID: r"u8);
        w.Append(phone.Index);
        w.Append("-"u8);
        w.Append(_context.RunId);
        w.Append("\r\nCSeq: "u8);
        w.Append(session.CSeq);
        w.Append(" REGISTER\r\nContact: <sip:"u8);
        w.Append(phone.NumberBytes);
        w.Append("@"u8);
        w.Append(phone.HostPort);
        w.Append(">\r\nExpires: "u8);
        w.Append(ExpiresSeconds);
        w.Crlf();
        if (session.Auth.HasNonce)
        {
            Span<byte> uri = stackalloc byte[64];
            var u = new SipWriter(uri);
            u.Append("sip:"u8);
            u.Append(_context.TargetHostPort);
            session.Auth.WriteHeader(ref w, "Authorization", "REGISTER", u.Written);
        }

        w.Append("User-Agent: SipLoad\r\nContent-Length: 0\r\n\r\n"u8);
        if (!phone.Send(w.Written))
        {
            Fail(session, "send failed");
        }
    }

    private void WriteAor(ref SipWriter w, Phone phone)
    {
        w.Append(phone.NumberBytes);
        w.Append("@"u8);
        w.Append(_context.Domain);
    }

    /// <summary>One phone's registration state; fields are guarded by <see cref="Gate"/>.</summary>
    private sealed class Session
    {
        public readonly Lock Gate = new();
        public readonly Phone Phone;
        public readonly DigestClient Auth;
        public OpCounters Counters = null!;
        public long CSeq;
        public long StartedAt;
        public bool Busy;
        public bool Registered;
        public int Challenges;

        public Session(Phone phone, DigestClient auth)
        {
            Phone = phone;
            Auth = auth;
        }
    }
}
