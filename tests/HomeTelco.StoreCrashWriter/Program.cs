using HomeTelco.Core.Store;
using LiteDB;

// Usage: HomeTelco.StoreCrashWriter <data-dir> <first-id>
// Writes documents (some in multi-document transactions) until killed, printing each id only after
// LiteDB acknowledged it, so the test knows exactly what must survive.
var dataDir = args[0];
var next = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
using var store = HomeStore.Open(dataDir);
var items = store.Collection<BsonDocument>("crash");
var payload = new string('x', 2000);
Console.Out.WriteLine("ready");
Console.Out.Flush();
for (var round = 0; round < 1_000_000; round++)
{
    if (round % 3 == 0)
    {
        // A batch of five that must land together or not at all.
        var first = next;
        store.InTransaction(() =>
        {
            for (var k = 0; k < 5; k++)
            {
                items.Insert(new BsonDocument { ["_id"] = next++, ["batch"] = first, ["payload"] = payload });
            }

            return true;
        });
        Console.Out.WriteLine($"batch {first} 5");
    }
    else
    {
        items.Insert(new BsonDocument { ["_id"] = next, ["payload"] = payload });
        Console.Out.WriteLine($"one {next}");
        next++;
    }

    Console.Out.Flush();
}
