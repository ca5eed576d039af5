namespace ImportAspNetIdentity;

public static class Program
{
    public static Task<int> Main(string[] args) => Command.RunAsync(args, Console.Out, Console.Error);
}
