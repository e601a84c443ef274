using System.Diagnostics;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Tests.Store;

public class StoreCrashTests
{
    [Fact]
    public async Task KillDashNine_DuringWrites_StoreOpensWithEveryAcknowledgedWriteAndWholeBatches()
    {
        using var folder = new TempFolder();
        var writer = RepoPaths.Output("tests/HomeTelco.StoreCrashWriter", "HomeTelco.StoreCrashWriter.dll");
        Assert.True(File.Exists(writer), "build the solution first: " + writer);
        var acknowledged = new HashSet<int>();
        var batches = new HashSet<int>();
        var nextId = 1;
        var random = new Random(4475);

        for (var round = 0; round < 5; round++)
        {
            var target = random.Next(40, 400);
            using var process = Process.Start(new ProcessStartInfo("dotnet", [writer, folder.Path, nextId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var seen = 0;
            try
            {
                while (seen < target && await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
                {
                    var parts = line.Split(' ');
                    if (parts[0] == "one")
                    {
                        acknowledged.Add(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                        seen++;
                    }
                    else if (parts[0] == "batch")
                    {
                        var first = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                        batches.Add(first);
                        for (var k = 0; k < 5; k++)
                        {
                            acknowledged.Add(first + k);
                        }

                        seen++;
                    }
                }
            }
            finally
            {
                // SIGKILL: no finalisers, no flush, no checkpoint — as close to pulling the plug as a test gets.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            Assert.True(seen >= target, "writer stopped early: " + await process.StandardError.ReadToEndAsync(CancellationToken.None));

            using var store = HomeStore.Open(folder.Path);
            var items = store.Collection<BsonDocument>("crash");
            var present = items.FindAll().Select(d => d["_id"].AsInt32).ToHashSet();
            Assert.Empty(acknowledged.Except(present));
            foreach (var group in items.Find(Query.Not("batch", BsonValue.Null)).GroupBy(d => d["batch"].AsInt32))
            {
                Assert.Equal(5, group.Count());
            }

            nextId = present.Max() + 1000;
        }

        Assert.NotEmpty(batches);
    }
}
