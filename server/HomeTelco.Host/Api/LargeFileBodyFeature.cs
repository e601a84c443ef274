using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace HomeTelco.Host.Api;

/// <summary>
/// Sends a file (or a range of it) by reading straight into the response pipe's buffers in large chunks.
/// Kestrel has no sendfile; its fallback copies through a 16 KiB FileStream buffer with an asynchronous read
/// per chunk, which kept direct play at about 0.65× nginx on loopback. Everything else (status, headers,
/// Range and conditional processing by <c>Results.File</c>) stays ASP.NET Core's: only the copy loop is ours.
/// </summary>
internal sealed class LargeFileBodyFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    // Large enough that the socket sees few, big writes; pooled by the pipe (ArrayPool above its block size).
    private const int ChunkSize = 256 * 1024;

    public Stream Stream => inner.Stream;

    public PipeWriter Writer => inner.Writer;

    /// <summary>Replaces the response body feature of this request so file results take the fast copy.</summary>
    public static void Install(HttpContext http)
    {
        if (http.Features.Get<IHttpResponseBodyFeature>() is { } current and not LargeFileBodyFeature)
        {
            http.Features.Set<IHttpResponseBodyFeature>(new LargeFileBodyFeature(current));
        }
    }

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, length);
        var remaining = count ?? length - offset;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(remaining, length - offset, nameof(count));

        await inner.StartAsync(cancellationToken).ConfigureAwait(false);
        var writer = inner.Writer;
        while (remaining > 0)
        {
            var memory = writer.GetMemory(ChunkSize);
            var want = (int)Math.Min(Math.Min(memory.Length, ChunkSize), remaining);

            // Positional reads on the request's own thread: the page cache answers most of them, and a cold
            // read blocks one pool thread for one chunk, which the async FileStream path also costs.
            var read = RandomAccess.Read(handle, memory.Span[..want], offset);
            if (read == 0)
            {
                // The file shrank after the headers promised its length: end the response rather than pad it.
                throw new IOException($"{path} ended {remaining} bytes early while it was being sent.");
            }

            writer.Advance(read);
            offset += read;
            remaining -= read;
            var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }
    }
}
