using KernelTruth.NodeSensor.Host;

// A command line that does not parse is one line per problem and exit 2 (nothing was started), not the help page;
// --help shows that.
var parse = SensorCommand.Create().Parse(args);
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"ktruth-sensor: {string.Join(' ', error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))} (see `ktruth-sensor --help`)");
    }

    return 2;
}

return parse.Invoke();
