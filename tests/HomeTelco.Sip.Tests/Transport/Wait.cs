namespace HomeTelco.Sip.Tests.Transport;

/// Polls a condition the sockets make true on their own threads, with a deadline (never a bare sleep).
internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }

    /// A token that ends a socket read the test expects to finish soon.
    public static CancellationToken Soon(double seconds = 10) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
