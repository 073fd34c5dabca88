module example.com/lo

go 1.22
