using HomeTelco.Core.Users;

namespace HomeTelco.Core.Tests.Users;

public class UserServiceTests
{
    [Fact]
    public void Add_SameNameOtherCase_ConflictRefused()
    {
        using var box = new Services();
        box.Users.Add("Anna", "correct horse battery", UserRole.Admin);

        var ex = Assert.Throws<BoxRequestException>(() => box.Users.Add("anna", "another long secret", UserRole.Member));

        Assert.True(ex.IsConflict);
    }

    [Theory]
    [InlineData("anna", "short")]
    [InlineData("anna", "")]
    [InlineData("annabelle1", "Annabelle1")]
    [InlineData("bad name", "correct horse battery")]
    [InlineData("", "correct horse battery")]
    public void Add_WeakPasswordOrBadName_Refused(string name, string password)
    {
        using var box = new Services();

        Assert.Throws<BoxRequestException>(() => box.Users.Add(name, password, UserRole.Member));
        Assert.Equal(0, box.Users.Count());
    }

    [Fact]
    public void List_SortedByNameWhateverTheCase()
    {
        using var box = new Services();
        box.Users.Add("carol", "correct horse battery", UserRole.Member);
        box.Users.Add("Bob", "correct horse battery", UserRole.Member);
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);

        Assert.Equal(["anna", "Bob", "carol"], box.Users.List().Select(u => u.Name));
    }

    [Fact]
    public void CheckPassword_RightAndWrong_OnlyRightPasses()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);

        Assert.NotNull(box.Users.CheckPassword("ANNA", "correct horse battery"));
        Assert.Null(box.Users.CheckPassword("anna", "correct horse batterY"));
        Assert.Null(box.Users.CheckPassword("nobody", "correct horse battery"));
    }

    [Fact]
    public void SetPassword_ChangesHashAndStamp()
    {
        using var box = new Services();
        var before = box.Users.Add("anna", "correct horse battery", UserRole.Admin);

        box.Users.SetPassword("anna", "a brand new passphrase");

        var after = box.Users.Find("anna")!;
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        Assert.Null(box.Users.CheckPassword("anna", "correct horse battery"));
        Assert.NotNull(box.Users.CheckPassword("anna", "a brand new passphrase"));
    }

    [Fact]
    public void Remove_LastAdmin_Refused()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        box.Users.Add("ben", "another long secret", UserRole.Member);

        Assert.Throws<BoxRequestException>(() => box.Users.Remove("anna"));
        box.Users.Remove("ben");

        Assert.NotNull(box.Users.Find("anna"));
        Assert.Null(box.Users.Find("ben"));
    }

    [Fact]
    public void Remove_User_AlsoRevokesTheirTokens()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        box.Users.Add("ben", "another long secret", UserRole.Member);
        var (_, token) = box.Tokens.Create("ben", "script");

        box.Users.Remove("ben");

        Assert.Null(box.Tokens.Authenticate(token));
        Assert.Empty(box.Tokens.List());
    }
}
