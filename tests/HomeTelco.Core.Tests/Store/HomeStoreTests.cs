using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Tests.Store;

public class HomeStoreTests
{
    [Fact]
    public void Open_EmptyFolder_CreatesStoreAtCurrentSchema()
    {
        using var folder = new TempFolder();
        using var store = HomeStore.Open(folder.Path);

        Assert.Equal(SchemaMigrations.CurrentVersion, store.SchemaVersion);
        Assert.True(File.Exists(folder.File(HomeStore.FileName)));
    }

    [Fact]
    public void Open_FileThatIsNotAStore_ThrowsWithAdvice()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File(HomeStore.FileName), Enumerable.Range(0, 40_000).Select(i => (byte)(i * 7)).ToArray());

        var ex = Assert.Throws<StoreException>(() => HomeStore.Open(folder.Path));

        Assert.Contains("is not a HomeTelco store", ex.Message, StringComparison.Ordinal);
        Assert.Contains("restore", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TextFileInPlaceOfStore_ThrowsAndLeavesFileUntouched()
    {
        using var folder = new TempFolder();
        var path = folder.File(HomeStore.FileName);
        File.WriteAllText(path, "this is somebody's shopping list\n");

        Assert.Throws<StoreException>(() => HomeStore.Open(folder.Path));

        Assert.Equal("this is somebody's shopping list\n", File.ReadAllText(path));
    }

    [Fact]
    public void Open_StoreFromNewerBuild_RefusesWithBothVersions()
    {
        using var folder = new TempFolder();
        using (var db = new LiteDatabase(folder.File(HomeStore.FileName)))
        {
            db.GetCollection("users").Insert(new BsonDocument { ["Name"] = "future" });
            db.UserVersion = SchemaMigrations.CurrentVersion + 5;
        }

        var ex = Assert.Throws<StoreException>(() => HomeStore.Open(folder.Path));

        Assert.Contains($"schema version {SchemaMigrations.CurrentVersion + 5}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("newer HomeTelco", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OldSchema_MigratesForward()
    {
        using var folder = new TempFolder();
        using (var db = new LiteDatabase(folder.File(HomeStore.FileName)))
        {
            db.GetCollection("users").Insert(new BsonDocument { ["NameKey"] = "anna" });
            db.UserVersion = 0;
        }

        using var store = HomeStore.Open(folder.Path);

        Assert.Equal(SchemaMigrations.CurrentVersion, store.SchemaVersion);
        Assert.Equal(1, store.Collection<BsonDocument>(Collections.Users).Count());
    }

    [Fact]
    public async Task Collection_ConcurrentWritersFromManyThreads_LoseNothing()
    {
        using var folder = new TempFolder();
        using var store = HomeStore.Open(folder.Path);
        var items = store.Collection<BsonDocument>("concurrency");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                items.Insert(new BsonDocument { ["writer"] = writer, ["i"] = i });
            }
        })));

        Assert.Equal(2000, items.Count());
        Assert.All(Enumerable.Range(0, 8), w => Assert.Equal(250, items.Count(Query.EQ("writer", w))));
    }

    [Fact]
    public void InTransaction_WorkThrows_NothingLands()
    {
        using var folder = new TempFolder();
        using var store = HomeStore.Open(folder.Path);
        var items = store.Collection<BsonDocument>("tx");

        Assert.Throws<InvalidOperationException>(() => store.InTransaction<int>(() =>
        {
            items.Insert(new BsonDocument { ["a"] = 1 });
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(0, items.Count());
    }

    [Fact]
    public void Open_AfterDispose_DataSurvives()
    {
        using var folder = new TempFolder();
        using (var store = HomeStore.Open(folder.Path))
        {
            store.Collection<BsonDocument>("keep").Insert(new BsonDocument { ["_id"] = "k", ["v"] = 42 });
        }

        using var reopened = HomeStore.Open(folder.Path);

        Assert.Equal(42, reopened.Collection<BsonDocument>("keep").FindById("k")["v"].AsInt32);
    }
}
