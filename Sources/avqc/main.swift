print("avqc")
