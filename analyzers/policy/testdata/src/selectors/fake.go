package selectors

// A package named os is not os: resolution goes by import path.
import os "selectors/fakeos"

func fakeArgs() []string { return os.Args }

func fakeEnv() string { return os.Getenv("CI") }
